package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.report.Metric;
import dev.stampede.report.ResultDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;

@Command(name = DiffCommand.NAME, mixinStandardHelpOptions = true,
        description = DiffCommand.DESCRIPTION,
        footer = {"", "Worse means: lower successRate; higher amplification, peakAmplification, synchrony, p50, p90, p99, "
                + "p999, max, recovery or attempts. Change is relative to the baseline. Strategies present in only one "
                + "file are listed, not compared."})
public final class DiffCommand implements Callable<Integer> {

    /** Its name and description, also read by the root's help without loading this class ({@link StampedeCommand}). */
    static final String NAME = "diff";
    static final String DESCRIPTION = "Compare a result against a baseline; exit 99 when a metric got worse beyond tolerance.";

    @Parameters(index = "0", paramLabel = "BASELINE")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT")
    Path current;

    @Option(names = "--tolerance", defaultValue = "10%", description = "Allowed worsening, relative (10%% or 0.1). Default: ${DEFAULT-VALUE}.")
    String tolerance;

    @Option(names = "--metric", split = ",", paramLabel = "LIST", description = "Metrics to compare (default: all).")
    List<String> metrics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        double tol;
        try {
            tol = ResultDiff.parseTolerance(tolerance);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        List<Metric> chosen = new ArrayList<>();
        if (metrics == null || metrics.isEmpty()) {
            chosen.addAll(List.of(Metric.values()));
        } else {
            for (String m : metrics) {
                try {
                    chosen.add(Metric.fromKey(m.trim()));
                } catch (IllegalArgumentException e) {
                    throw new UserException("--metric: " + e.getMessage());
                }
            }
        }
        Comparison before = ResultFiles.read(baseline, "BASELINE");
        Comparison now = ResultFiles.read(current, "CURRENT");
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "baseline: %s  (%s, %s, %s)%n", baseline, before.scenarioName(), before.mode(), before.startedAt());
        out.printf(Locale.ROOT, "current:  %s  (%s, %s, %s)%n", current, now.scenarioName(), now.mode(), now.startedAt());
        if (!Objects.equals(before.scenarioSha256(), now.scenarioSha256()) || !Objects.equals(before.scenarioName(), now.scenarioName())) {
            out.println("note: the two results come from different scenario files (name or sha256 differ); compare with care.");
        }
        if (!Objects.equals(before.mode(), now.mode())) {
            out.printf(Locale.ROOT, "note: comparing a %s result with a %s result.%n", before.mode(), now.mode());
        }
        ResultDiff diff = ResultDiff.compare(before, now, tol, chosen);
        diff.render(out);
        return diff.hasRegression() ? ExitCode.THRESHOLD : ExitCode.OK;
    }
}
