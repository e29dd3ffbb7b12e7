package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.Comparison.ThresholdResult;

import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;

/**
 * The thresholds as a JUnit XML testsuite (the Ant/Surefire schema every CI server reads): one
 * {@code <testcase>} per evaluated threshold, named {@code strategy: metric op limit}, with a
 * {@code <failure>} whose message names the strategy, the metric, the limit and the actual value.
 * A run without thresholds yields an empty suite ({@code tests="0"}), which CI shows as "no tests",
 * not as a failure.
 */
public final class JunitReport {

    private JunitReport() {}

    /** Writes the suite to {@code file} atomically, creating parent directories. */
    public static void write(Comparison comparison, Path file) throws IOException {
        AtomicFiles.writeText(file, out -> render(comparison, out));
    }

    /** Renders the suite to {@code out} (flushed, not closed). */
    public static void render(Comparison comparison, PrintWriter out) {
        long failures = comparison.thresholds().stream().filter(t -> !t.pass()).count();
        String suite = "stampede." + comparison.scenarioName();
        out.print("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.print("<testsuite name=\"" + Xml.escape(suite) + "\" tests=\"" + comparison.thresholds().size()
                + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"0\" time=\"" + runSeconds(comparison) + "\"");
        if (comparison.startedAt() != null) {
            out.print(" timestamp=\"" + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                    comparison.startedAt().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)) + "\"");
        }
        out.print(">\n");
        out.print("  <properties>\n");
        property(out, "scenario", comparison.scenarioName());
        property(out, "scenarioSha256", comparison.scenarioSha256());
        property(out, "mode", comparison.mode());
        property(out, "target", comparison.target());
        property(out, "seed", Long.toString(comparison.seed()));
        property(out, "partial", Boolean.toString(comparison.partial()));
        out.print("  </properties>\n");
        for (ThresholdResult t : comparison.thresholds()) {
            out.print("  <testcase classname=\"" + Xml.escape(suite + "." + t.strategy()) + "\" name=\""
                    + Xml.escape(caseName(t)) + "\" time=\"0\"");
            if (t.pass()) {
                out.print("/>\n");
                continue;
            }
            String message = failureMessage(t);
            out.print(">\n    <failure type=\"threshold\" message=\"" + Xml.escape(message) + "\">"
                    + Xml.escape(message) + "</failure>\n  </testcase>\n");
        }
        out.print("</testsuite>\n");
        out.flush();
    }

    /** The suite's time: how long the strategies ran, in (virtual, for sim) seconds. */
    private static String runSeconds(Comparison c) {
        return Metric.number(c.runs().stream().mapToDouble(r -> r.durationSeconds()).filter(Double::isFinite).sum());
    }

    /** {@code full: p99 < 35000 ms}. */
    static String caseName(ThresholdResult t) {
        return t.strategy() + ": " + t.metric() + " " + t.op() + " " + formatted(t.metric(), t.value());
    }

    /** {@code full: amplification was 1.734, limit < 1.5}. */
    public static String failureMessage(ThresholdResult t) {
        return t.strategy() + ": " + t.metric() + " was " + formatted(t.metric(), t.actual())
                + ", limit " + t.op() + " " + formatted(t.metric(), t.value());
    }

    private static String formatted(String metric, double value) {
        try {
            return Metric.fromKey(metric).format(value);
        } catch (IllegalArgumentException unknownMetric) {
            return Metric.number(value);
        }
    }

    private static void property(PrintWriter out, String name, String value) {
        out.print("    <property name=\"" + Xml.escape(name) + "\" value=\"" + Xml.escape(value == null ? "" : value) + "\"/>\n");
    }
}
