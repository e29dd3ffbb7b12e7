package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultDiffTest {

    @ParameterizedTest(name = "{0}: {1} -> {2} at 10% tolerance is a regression: {3}")
    @CsvSource({
            // lower is better: worse means higher
            "p99,            1000,  1099,  false",
            "p99,            1000,  1101,  true",
            "p99,            1000,   500,  false",
            "amplification,  1.5,   1.66,  true",
            "amplification,  1.5,   1.64,  false",
            "peakAmplification, 2,  2.5,   true",
            "synchrony,      1.2,   1.5,   true",
            "attempts,       1000,  1200,  true",
            "recovery,       10,    10.5,  false",
            "recovery,       10,    Infinity, true",
            "recovery,       Infinity, Infinity, false",
            "recovery,       Infinity, 30, false",
            // higher is better: worse means lower
            "successRate,    0.99,  0.88,  true",
            "successRate,    0.99,  0.90,  false",
            "successRate,    0.99,  0.95,  false",
            "successRate,    0.50,  0.99,  false",
            // from zero, any worsening is beyond a relative tolerance
            "recovery,       0,     1,     true",
            "attempts,       0,     0,     false",
            // not measured on one side: shown, not judged
            "synchrony,      NaN,   3,     false",
    })
    void aChangeIsARegressionOnlyWhenWorseInTheMetricsDirectionBeyondTheTolerance(String metric, double baseline, double current,
                                                                                   boolean regression) {
        ResultDiff.Row row = ResultDiff.row("full", Metric.fromKey(metric), baseline, current, 0.10);
        assertEquals(regression, row.regression(), () -> metric + " " + baseline + " -> " + current + " change " + row.change());
    }

    @Test
    void toleranceParsesPercentagesAndFractions() {
        assertEquals(0.10, ResultDiff.parseTolerance("10%"), 1e-12);
        assertEquals(0.025, ResultDiff.parseTolerance("2.5 %"), 1e-12);
        assertEquals(0.10, ResultDiff.parseTolerance("0.1"), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultDiff.parseTolerance("ten"));
        assertTrue(e.getMessage().contains("10%"), e.getMessage());
    }

    @Test
    void strategiesInOnlyOneResultAreListedNotCompared() {
        Comparison base = RecordedResults.comparison();
        Comparison current = RecordedResults.comparison(List.of(base.runs().get(0), base.runs().get(1),
                RecordedResults.renamed(base.runs().get(3), "full-v2")), List.of());
        ResultDiff diff = ResultDiff.compare(base, current, 0.1, List.of(Metric.values()));
        assertEquals(List.of("decorrelated", "full"), diff.onlyInBaseline());
        assertEquals(List.of("full-v2"), diff.onlyInCurrent());
        assertEquals(2 * Metric.values().length, diff.rows().size(), "only none and equal are compared");
        assertFalse(diff.hasRegression(), "identical runs cannot regress");
        StringWriter text = new StringWriter();
        diff.render(new PrintWriter(text));
        assertTrue(text.toString().contains("Only in the baseline (not compared): decorrelated, full"), text.toString());
        assertTrue(text.toString().contains("Only in the current result (not compared): full-v2"), text.toString());
    }
}
