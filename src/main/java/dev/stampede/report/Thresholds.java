package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.ThresholdSpec;

import java.util.ArrayList;
import java.util.List;

/** Evaluates a scenario's CI thresholds against measured runs (docs/metrics.md, "Thresholds"). */
public final class Thresholds {

    private Thresholds() {}

    /**
     * One result per run and per threshold that applies to it ({@link ThresholdSpec#appliesTo}), in run
     * order, then threshold order. A threshold whose actual value is NaN (not measured, not applicable, or
     * an unknown metric) fails: a CI gate must not pass on a figure it could not see.
     */
    public static List<Comparison.ThresholdResult> evaluate(List<ThresholdSpec> thresholds, List<RunResult> runs) {
        List<Comparison.ThresholdResult> out = new ArrayList<>();
        for (RunResult run : runs) {
            for (ThresholdSpec t : thresholds) {
                if (!t.appliesTo(run.strategy())) continue;
                double actual = actual(t.metric(), run);
                boolean pass = !Double.isNaN(actual) && t.op().holds(actual, t.value());
                out.add(new Comparison.ThresholdResult(run.strategy(), t.metric(), t.op().symbol, t.value(), actual, pass));
            }
        }
        return out;
    }

    /**
     * The value of the {@link Metric} named {@code metric} ({@link Metric#of}); NaN for an unknown metric.
     */
    public static double actual(String metric, RunResult run) {
        for (Metric m : Metric.values()) if (m.key().equals(metric)) return m.of(run);
        return Double.NaN;
    }
}
