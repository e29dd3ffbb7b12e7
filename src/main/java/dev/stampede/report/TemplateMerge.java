package dev.stampede.report;

import dev.stampede.metrics.RunResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-template breakdown of merged shards: counts summed by template name (first shard's order first). The
 * result files keep no per-template histogram, so a merged template's latency is unknown (NaN, shown as "-").
 */
final class TemplateMerge {

    private static final RunResult.Latency UNKNOWN =
            new RunResult.Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    private TemplateMerge() {}

    static List<RunResult.TemplateFigures> templates(List<RunResult> parts) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (RunResult p : parts) {
            for (RunResult.TemplateFigures f : p.templates()) {
                long[] s = sums.computeIfAbsent(f.name(), n -> new long[4]);
                s[0] += f.requests();
                s[1] += f.succeeded();
                s[2] += f.cutOff();
                s[3] += f.attempts();
            }
        }
        List<RunResult.TemplateFigures> out = new ArrayList<>();
        sums.forEach((name, s) -> out.add(new RunResult.TemplateFigures(name, s[0], s[1], s[2], s[3], UNKNOWN)));
        return out;
    }
}
