package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.ThresholdSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThresholdsTest {

    /** full jitter: amplification 29,800 / 24,000 = 1.2417, p99 2,210.7 ms, recovery 4 s; none never recovers. */
    static final List<RunResult> RUNS = TextReportTest.launchSpike().runs();

    static ThresholdSpec spec(String strategy, String metric, ThresholdSpec.Op op, double value) {
        return new ThresholdSpec(strategy, metric, op, value, "t.yaml:1:1");
    }

    @ParameterizedTest(name = "amplification 1.2417 {0} {1} passes: {2}")
    @CsvSource({
            "LT, 1.5, true", "LT, 1.2, false", "LT, 1.2416666666666667, false",
            "LE, 1.2416666666666667, true", "LE, 1.2, false",
            "GT, 1.2, true", "GT, 1.2416666666666667, false",
            "GE, 1.2416666666666667, true", "GE, 1.5, false"})
    void eachOperatorPassesExactlyWhenItsComparisonHolds(ThresholdSpec.Op op, double limit, boolean pass) {
        List<Comparison.ThresholdResult> r = Thresholds.evaluate(List.of(spec("full", "amplification", op, limit)), RUNS);
        assertEquals(1, r.size());
        assertEquals(new Comparison.ThresholdResult("full", "amplification", op.symbol, limit, 29_800 / 24_000.0, pass), r.getFirst());
    }

    @Test
    void aWildcardThresholdAppliesToEveryRunInRunOrder() {
        List<Comparison.ThresholdResult> r = Thresholds.evaluate(List.of(spec("*", "recovery", ThresholdSpec.Op.LT, 20)), RUNS);
        assertEquals(List.of("none", "equal", "full"), r.stream().map(Comparison.ThresholdResult::strategy).toList());
        assertEquals(List.of(false, true, true), r.stream().map(Comparison.ThresholdResult::pass).toList(),
                "none never recovers (+Infinity is not < 20 s)");
    }

    @Test
    void aThresholdOnAStrategyThatDidNotRunYieldsNothing() {
        assertTrue(Thresholds.evaluate(List.of(spec("decorrelated", "p99", ThresholdSpec.Op.LT, 1)), RUNS).isEmpty());
    }

    @Test
    void aNotANumberActualFailsWhateverTheOperator() {
        RunResult noOverload = TextReportTest.interruptedHerd().runs().getFirst();   // synchrony and recovery are NaN
        for (ThresholdSpec.Op op : ThresholdSpec.Op.values()) {
            for (String metric : List.of("synchrony", "recovery")) {
                Comparison.ThresholdResult r = Thresholds.evaluate(List.of(spec("*", metric, op, 1)), List.of(noOverload)).getFirst();
                assertFalse(r.pass(), metric + " " + op.symbol + " 1 on NaN must fail");
                assertTrue(Double.isNaN(r.actual()));
            }
        }
    }

    @Test
    void metricsAreInTheirCanonicalUnits() {
        RunResult full = RUNS.get(2);
        assertEquals(2_210.7, Thresholds.actual("p99", full), 1e-9, "latency in milliseconds");
        assertEquals(4.0, Thresholds.actual("recovery", full), 1e-9, "recovery in seconds");
        assertEquals((24_000 - 6) / 24_000.0, Thresholds.actual("successRate", full), 1e-12, "success rate as 0..1");
        assertEquals(29_800, Thresholds.actual("attempts", full));
        for (String metric : ThresholdSpec.METRICS) {
            if (metric.equals("clientBound")) continue;  // only a live run measures its client
            assertFalse(Double.isNaN(Thresholds.actual(metric, full)), metric + " is measured for a full run");
        }
        assertTrue(Double.isNaN(Thresholds.actual("clientBound", full)),
                "a recorded run without the client's account cannot tell, so clientBound: false fails on it");
        assertTrue(Double.isNaN(Thresholds.actual("p42", full)), "an unknown metric reads as NaN, so it fails");
    }
}
