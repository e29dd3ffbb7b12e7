package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * HdrHistogram's own file formats, so the standard tools read stampede's latencies:
 * <ul>
 *   <li>{@code STRATEGY.METRIC.hgrm} for METRIC in {@code request}, {@code requestUncorrected},
 *       {@code attempt}: the percentile distribution as {@code Histogram.outputPercentileDistribution}
 *       prints it, values scaled to milliseconds (what the HdrHistogram plotter and
 *       {@code hdr-plot} read);</li>
 *   <li>{@code STRATEGY.request.hlog}, {@code STRATEGY.attempt.hlog}: the interval histograms as a
 *       {@code HistogramLogWriter} log, one interval per second of the run (raw microsecond values, max column in ms),
 *       timestamps in seconds since the run started, for {@code HistogramLogProcessor} and for merging.</li>
 * </ul>
 * Histograms a result does not carry (e.g. a JSON without interval histograms) are skipped.
 */
public final class HgrmFiles {

    /** The recorder keeps one interval histogram per second of the run, whatever the timeline's interval. */
    static final double HLOG_INTERVAL_SECONDS = 1.0;

    /** Histogram values are microseconds; hgrm output and the log's max column are in milliseconds. */
    static final double MICROS_PER_MILLI = 1000.0;

    private HgrmFiles() {}

    /**
     * Writes every file for every run into {@code dir} (created if needed), each atomically.
     *
     * @return the files written, in order
     */
    public static List<Path> write(Comparison comparison, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (RunResult run : comparison.runs()) {
            RunResult.Histograms h = run.histograms();
            if (h == null) continue;
            String base = fileSafe(run.strategy());
            writeDistribution(dir.resolve(base + ".request.hgrm"), h.request(), written);
            writeDistribution(dir.resolve(base + ".requestUncorrected.hgrm"), h.requestUncorrected(), written);
            writeDistribution(dir.resolve(base + ".attempt.hgrm"), h.attempt(), written);
            writeLog(dir.resolve(base + ".request.hlog"), comparison, run, "request", h.requestIntervals(), HLOG_INTERVAL_SECONDS, written);
            writeLog(dir.resolve(base + ".attempt.hlog"), comparison, run, "attempt", h.attemptIntervals(), HLOG_INTERVAL_SECONDS, written);
        }
        return List.copyOf(written);
    }

    private static void writeDistribution(Path file, Histogram histogram, List<Path> written) throws IOException {
        if (histogram == null) return;
        AtomicFiles.write(file, out -> {
            PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
            histogram.outputPercentileDistribution(ps, MICROS_PER_MILLI);
            ps.flush();
        });
        written.add(file);
    }

    private static void writeLog(Path file, Comparison comparison, RunResult run, String metric,
                                 List<Histogram> intervals, double intervalSeconds, List<Path> written) throws IOException {
        if (intervals == null || intervals.isEmpty()) return;
        AtomicFiles.write(file, out -> {
            PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
            HistogramLogWriter log = new HistogramLogWriter(ps);
            log.outputComment("stampede " + metric + " latency, scenario " + comparison.scenarioName()
                    + ", strategy " + run.strategy() + ", mode " + comparison.mode() + ", values in microseconds");
            log.outputLogFormatVersion();
            if (comparison.startedAt() != null) {
                long startMillis = comparison.startedAt().toEpochMilli();
                log.outputStartTime(startMillis);
                log.outputBaseTime(startMillis);
            }
            log.outputLegend();
            for (int i = 0; i < intervals.size(); i++) {
                log.outputIntervalHistogram(i * intervalSeconds, (i + 1) * intervalSeconds, intervals.get(i), MICROS_PER_MILLI);
            }
            ps.flush();
        });
        written.add(file);
    }

    /** The timeline's interval length in seconds (1 s live, 100 ms simulated). */
    static double intervalSeconds(RunResult run) {
        List<RunResult.Interval> t = run.timeline();
        if (t.size() >= 2) return t.get(1).startSeconds() - t.get(0).startSeconds();
        return run.durationSeconds() > 0 ? run.durationSeconds() : 1.0;
    }

    /** A strategy name as a file-name part: letters, digits, {@code . _ -} kept, anything else becomes {@code _}. */
    static String fileSafe(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
    }
}
