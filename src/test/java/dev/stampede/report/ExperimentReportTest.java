package dev.stampede.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.experiment.Experiment;
import dev.stampede.experiment.Figure;
import dev.stampede.experiment.Summary;
import dev.stampede.experiment.RowSummary;
import dev.stampede.experiment.Sweep;
import dev.stampede.metrics.Comparison;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.scenario.ThresholdSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentReportTest {

    /** A row whose repeats have the given success rates, p99s and amplifications (one value per repeat). */
    static RowSummary row(String name, double[] success, double[] p99, double[] amplification) {
        List<RowSummary.Repeat> repeats = new ArrayList<>();
        for (int i = 0; i < success.length; i++) {
            double[] f = new double[Figure.values().length];
            java.util.Arrays.fill(f, Double.NaN);
            f[Figure.SUCCESS_RATE.ordinal()] = success[i];
            f[Figure.P99.ordinal()] = p99[i];
            f[Figure.AMPLIFICATION.ordinal()] = amplification[i];
            f[Figure.ATTEMPTS.ordinal()] = 100 * amplification[i];
            repeats.add(new RowSummary.Repeat(10 + i, f));
        }
        return RowSummary.of(name, repeats);
    }

    static Scenario scenario() throws Exception {
        return ScenarioLoader.parse("""
                name: t
                seed: 10
                load: { rate: 10/s }
                strategies: [full, equal]
                thresholds:
                  "*": { successRate: ">= 0.9" }
                """, "t.yaml", Set.of("full", "equal"), Map.of());
    }

    @Test
    void overlappingSuccessIntervalsAreATieThatP99DecidesAndTheVerdictSaysSo() {
        RowSummary full = row("full", new double[]{0.990, 0.992, 0.991}, new double[]{100, 101, 102}, new double[]{1.5, 1.5, 1.6});
        RowSummary equal = row("equal", new double[]{0.993, 0.991, 0.992}, new double[]{200, 205, 210}, new double[]{1.9, 2.0, 2.1});
        String v = ExperimentReport.verdict(List.of(full, equal), 3);
        assertTrue(v.startsWith("Verdict (3 repeats, 95 % intervals): best for users full"), v);
        assertTrue(v.contains("success ties with equal (intervals overlap), p99 decides"), v);
        assertTrue(v.contains("best for the server full"), v);
        assertFalse(v.contains("; ties with"), "amplification intervals do not overlap: " + v);
    }

    @Test
    void overlappingP99AndAmplificationIntervalsAreNamedAsTies() {
        RowSummary a = row("a", new double[]{1, 1, 1}, new double[]{100, 120, 140}, new double[]{1.5, 1.7, 1.9});
        RowSummary b = row("b", new double[]{1, 1, 1}, new double[]{110, 130, 150}, new double[]{1.6, 1.8, 2.0});
        String v = ExperimentReport.verdict(List.of(a, b), 3);
        assertTrue(v.contains("p99 ties with b (intervals overlap): a tie for users"), v);
        assertTrue(v.contains("best for the server a (amplification 1.70 +/-"), v);
        assertTrue(v.contains("; ties with b (intervals overlap)"), v);
    }

    @Test
    void aRateCellShowsItsIntervalAndOtherCellsAHalfWidth() {
        RowSummary r = row("r", new double[]{0.5, 0.6, 0.7}, new double[]{10, 12, 14}, new double[]{1, 1, 1});
        assertTrue(ExperimentReport.cell(Figure.SUCCESS_RATE, r.get(Figure.SUCCESS_RATE)).matches("60\\.00% \\[\\d+\\.\\d\\d%\\.\\.\\d+\\.\\d\\d%]"),
                ExperimentReport.cell(Figure.SUCCESS_RATE, r.get(Figure.SUCCESS_RATE)));
        assertEquals("12.0ms +/-5.0ms", ExperimentReport.cell(Figure.P99, r.get(Figure.P99)));
        assertEquals("1.00 +/-0", ExperimentReport.cell(Figure.AMPLIFICATION, r.get(Figure.AMPLIFICATION)));
        assertEquals("-", ExperimentReport.cell(Figure.RECOVERY, r.get(Figure.RECOVERY)));
    }

    @Test
    void aRecoveryThatNeverCameInSomeRepeatsSaysHowManyOfThem() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals("never in 2/3", ExperimentReport.cell(Figure.RECOVERY, Summary.of(new double[]{inf, 0, inf}, false)));
        assertEquals("never", ExperimentReport.cell(Figure.RECOVERY, Summary.of(new double[]{inf, inf, inf}, false)));
        assertEquals("2.00s +/-0", ExperimentReport.cell(Figure.RECOVERY, Summary.of(new double[]{2, 2, 2}, false)));
    }

    @Test
    void thresholdsApplyToTheMeanOverRepeats() throws Exception {
        RowSummary low = row("full", new double[]{0.85, 0.97}, new double[]{1, 1}, new double[]{1, 1});
        List<Comparison.ThresholdResult> t = ExperimentReport.thresholds(scenario().thresholds(), List.of(low));
        assertEquals(1, t.size());
        assertEquals(0.91, t.get(0).actual(), 1e-12);
        assertTrue(t.get(0).pass(), "the mean 0.91 passes >= 0.9 though one repeat did not");
    }

    @Test
    void anIntervalThresholdChecksTheIntervalsFarEndAndOneRepeatItsOnlyValue() {
        RowSummary r = row("full", new double[]{0.95, 0.97, 0.99}, new double[]{400, 450, 500}, new double[]{1, 1, 1});
        ThresholdSpec p99 = new ThresholdSpec("*", "p99", ThresholdSpec.Op.LT, 500, "t.yaml:1:1", ThresholdSpec.Basis.INTERVAL);
        ThresholdSpec success = new ThresholdSpec("*", "successRate", ThresholdSpec.Op.GE, 0.94, "t.yaml:2:1", ThresholdSpec.Basis.INTERVAL);
        Comparison.ThresholdResult upper = ExperimentReport.check(p99, r);
        assertEquals(r.get(Figure.P99).high(), upper.actual(), 1e-12);
        assertFalse(upper.pass(), "the mean 450 ms is below 500 ms, the interval's upper end is not");
        assertTrue(ExperimentReport.check(new ThresholdSpec("*", "p99", ThresholdSpec.Op.LT, 500, "t.yaml:1:1"), r).pass());
        Comparison.ThresholdResult lower = ExperimentReport.check(success, r);
        assertEquals(r.get(Figure.SUCCESS_RATE).low(), lower.actual(), 1e-12);
        assertTrue(lower.actual() < 0.97, "the lower end is below the mean");

        RowSummary once = row("full", new double[]{0.95}, new double[]{450}, new double[]{1});
        assertEquals(450, ExperimentReport.check(p99, once).actual(), "one repeat has no interval: its value is checked");
        assertTrue(ExperimentReport.check(p99, once).pass());
    }

    private static Experiment.Result sweep() throws Exception {
        Sweep s = Sweep.parse("load.rate=10/s,20/s");
        List<Experiment.PointResult> points = List.of(
                new Experiment.PointResult(s.points().get(0), List.of(
                        row("full", new double[]{1, 1}, new double[]{10, 11}, new double[]{1.1, 1.2}),
                        row("equal", new double[]{1, 1}, new double[]{12, 13}, new double[]{1.3, 1.4}))),
                new Experiment.PointResult(s.points().get(1), List.of(
                        row("full", new double[]{0.9, 0.95}, new double[]{20, 22}, new double[]{1.5, 1.6}),
                        row("equal", new double[]{0.8, 0.85}, new double[]{30, 33}, new double[]{1.9, 2.0}))));
        return new Experiment.Result(scenario(), s, 2, points);
    }

    @Test
    void aSweepPrintsATablePerHeadlineFigureAndAVerdictPerPoint() throws Exception {
        StringWriter text = new StringWriter();
        ExperimentReport.render(sweep(), "sim", List.of(), new PrintWriter(text), false);
        String out = text.toString();
        assertTrue(out.contains("attempts against load.rate:"), out);
        assertTrue(out.contains("load.rate=10/s: Verdict (2 repeats"), out);
        assertTrue(out.contains("load.rate=20/s: Verdict (2 repeats"), out);
        assertFalse(out.contains("completion (s) against"), "no finite workload, no completion table: " + out);
    }

    @Test
    void aSweepChecksTheThresholdsAtEveryPointAndNamesThePoint() throws Exception {
        List<ExperimentReport.Checked> checked = ExperimentReport.thresholds(sweep());
        assertEquals(4, checked.size());
        ExperimentReport.Checked last = checked.get(3);
        assertEquals("load.rate=20/s", last.point());
        assertEquals("equal", last.result().strategy());
        assertFalse(last.result().pass(), "mean 0.825 < 0.9");
        StringWriter text = new StringWriter();
        ExperimentReport.render(sweep(), "sim", checked, new PrintWriter(text), true);
        assertTrue(text.toString().contains("FAIL  load.rate=20/s  equal  successRate >= 0.9  mean 0.825"), text.toString());
        assertTrue(text.toString().contains("3 of 4 passed"), text.toString());
    }

    @Test
    void theCsvHasOneLinePerPointAndRowWithMeanAndIntervalOfEveryFigure() throws Exception {
        String[] lines = ExperimentFiles.csv(sweep()).split("\n");
        assertEquals(5, lines.length);
        assertTrue(lines[0].startsWith("load.rate,row,repeats,successRate_mean,successRate_low,successRate_high,attempts_mean"), lines[0]);
        assertEquals(3 + 3 * Figure.values().length, lines[0].split(",", -1).length);
        assertTrue(lines[3].startsWith("20,full,2,0.925,"), lines[3]);
        assertEquals(lines[0].split(",", -1).length, lines[3].split(",", -1).length);
    }

    @Test
    void theJsonKeepsEveryRepeatAndTheSummary(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("x.json"), csv = dir.resolve("x.csv"), html = dir.resolve("x.html");
        ExperimentFiles.write(sweep(), "sim", List.of(), json, csv, html);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("stampede.experiment/v1", root.get("schema").asText());
        assertEquals("load.rate", root.get("sweep").get("key").asText());
        JsonNode full = root.get("points").get(1).get("rows").get(0);
        assertEquals("full", full.get("row").asText());
        assertEquals(2, full.get("repeats").size());
        assertEquals(11, full.get("repeats").get(1).get("seed").asLong());
        assertEquals(0.95, full.get("repeats").get(1).get("figures").get("successRate").asDouble(), 1e-12);
        assertEquals(0.925, full.get("summary").get("successRate").get("mean").asDouble(), 1e-12);
        assertTrue(full.get("summary").get("recovery").get("mean").isNull(), "NaN is null");
        String page = Files.readString(html);
        assertTrue(page.contains("attempts against load.rate"), "a chart per figure against the key");
        assertTrue(page.contains("<svg"), "inline SVG charts");
        assertTrue(page.contains("load.rate=20/s: Verdict"), "verdicts");
        assertTrue(Files.readString(csv).startsWith("load.rate,row"));
    }
}
