package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.Derived;
import dev.stampede.metrics.RunResult;
import dev.stampede.report.ResultJson;
import dev.stampede.report.ShardMerge;
import dev.stampede.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = MergeCommand.NAME, mixinStandardHelpOptions = true,
        description = MergeCommand.DESCRIPTION,
        footer = {"", "Amplification, peak amplification, success rate and latency percentiles are recomputed from the "
                + "merged counts and histograms. Synchrony and recovery are defined over the scenario's overload phases: "
                + "pass --scenario to recompute them, else they are left unmeasured. Exit 99 when a threshold fails on the "
                + "merged figures, 2 when the shards are of different scenarios or modes, or ran with different --start-at."})
public final class MergeCommand implements Callable<Integer> {

    /** Its name and description, also read by the root's help without loading this class ({@link StampedeCommand}). */
    static final String NAME = "merge";
    static final String DESCRIPTION = "Merge shard results exactly (histograms added, counters summed).";

    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "Shard result JSON files.")
    List<Path> shards;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Merged result file.")
    Path output;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "The scenario the shards ran (its phases are needed to recompute synchrony and recovery).")
    Path scenario;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, ScenarioException {
        List<Comparison> results = new ArrayList<>();
        for (Path shard : shards) results.add(ResultFiles.read(shard, "SHARD"));
        Derived.Script script = scenario == null ? null : ScenarioPhases.script(scenario, results.getFirst());
        Comparison merged;
        try {
            merged = ShardMerge.merge(results, script);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        ResultJson.write(merged, output);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Merged %d shard%s of %s (%s) into %s%n", shards.size(), shards.size() == 1 ? "" : "s", merged.scenarioName(),
                merged.mode(), output);
        for (RunResult r : merged.runs()) {
            out.printf(Locale.ROOT, "  %-14s requests %d, attempts %d, amplification %.3f, p99 %.1f ms%n", r.strategy(), r.requests().started(),
                    r.attempts(), r.amplification(), r.request().p99());
        }
        if (!ShardMerge.aligned(merged, shards.size())) {
            spec.commandLine().getErr().println("stampede: warning: the shards ran without --start-at, so their intervals "
                    + "were not simultaneous: peak amplification and synchrony add up intervals that did not overlap "
                    + "(run every shard with the same --start-at; docs/reports.md, \"Aligned shards\")");
        } else if (merged.schedule() != null) {
            out.printf(Locale.ROOT, "Aligned: every shard started at %s (rows %.0f s apart).%n", merged.schedule().startAt(),
                    merged.schedule().slot().toMillis() / 1000.0);
        }
        if (script == null) out.println("Synchrony and recovery not recomputed: pass --scenario FILE to recompute them.");
        long failed = merged.thresholds().stream().filter(t -> !t.pass()).count();
        if (failed > 0) {
            out.printf(Locale.ROOT, "%d of %d thresholds failed on the merged figures.%n", failed, merged.thresholds().size());
            return ExitCode.THRESHOLD;
        }
        return ExitCode.OK;
    }

}
