package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.report.RecordedResults;
import dev.stampede.report.ResultJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffCommandTest {

    @TempDir
    static Path dir;
    private static Comparison baseline;
    private static Path baselineFile;

    @BeforeAll
    static void saveTheBaseline() throws Exception {
        baseline = RecordedResults.small();
        baselineFile = dir.resolve("baseline.json");
        ResultJson.write(baseline, baselineFile);
    }

    /** The baseline with the {@code full} run changed by {@code change}, saved under {@code name}. */
    private static Path current(String name, UnaryOperator<RunResult> change) throws Exception {
        List<RunResult> runs = new ArrayList<>(baseline.runs());
        runs.set(runs.size() - 1, change.apply(runs.getLast()));
        Path file = dir.resolve(name);
        ResultJson.write(RecordedResults.comparison(runs, List.of()), file);
        return file;
    }

    private static RunResult full() { return baseline.runs().getLast(); }

    @Test
    void higherAmplificationBeyondTheToleranceIsARegressionExit99() throws Exception {
        Path cur = current("amp-up-20.json", r -> RecordedResults.adjusted(r, r.amplification() * 1.2, r.requests().succeeded()));
        CliHarness r = CliHarness.run("diff", baselineFile.toString(), cur.toString(), "--tolerance", "10%");
        assertEquals(ExitCode.THRESHOLD, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("REGRESSION"), r.out());
        assertTrue(r.out().matches("(?s).*full\\s.*amplification\\s.*\\+20\\.0%\\s+WORSE beyond 10%.*"), r.out());
    }

    @Test
    void aWorseningWithinTheToleranceIsNotARegression() throws Exception {
        Path cur = current("amp-up-5.json", r -> RecordedResults.adjusted(r, r.amplification() * 1.05, r.requests().succeeded()));
        CliHarness r = CliHarness.run("diff", baselineFile.toString(), cur.toString(), "--tolerance", "10%");
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertFalse(r.out().contains("WORSE"), r.out());
    }

    @Test
    void lowerAmplificationIsAnImprovementNotARegression() throws Exception {
        Path cur = current("amp-down.json", r -> RecordedResults.adjusted(r, r.amplification() * 0.5, r.requests().succeeded()));
        CliHarness r = CliHarness.run("diff", baselineFile.toString(), cur.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out());
    }

    @Test
    void aLowerSuccessRateIsWorseAndAHigherOneIsBetter() throws Exception {
        long started = full().requests().started();
        Path worse = current("success-down.json", r -> RecordedResults.adjusted(r, r.amplification(), started / 2));
        CliHarness down = CliHarness.run("diff", baselineFile.toString(), worse.toString(), "--metric", "successRate");
        assertEquals(ExitCode.THRESHOLD, down.exitCode(), down.out());
        assertTrue(down.out().contains("full: successRate"), down.out());

        Path better = current("success-up.json", r -> RecordedResults.adjusted(r, r.amplification(), started));
        CliHarness up = CliHarness.run("diff", worse.toString(), better.toString(), "--metric", "successRate");
        assertEquals(ExitCode.OK, up.exitCode(), "from 50 % to 100 % success is an improvement:\n" + up.out());
    }

    @Test
    void metricListLimitsTheComparison() throws Exception {
        Path cur = current("amp-up-20b.json", r -> RecordedResults.adjusted(r, r.amplification() * 1.2, r.requests().succeeded()));
        CliHarness r = CliHarness.run("diff", baselineFile.toString(), cur.toString(), "--metric", "p99,successRate");
        assertEquals(ExitCode.OK, r.exitCode(), "amplification was not asked for:\n" + r.out());
        assertFalse(r.out().contains("amplification"), r.out());
    }

    @Test
    void badToleranceOrMetricIsAUsageError() {
        CliHarness tol = CliHarness.run("diff", baselineFile.toString(), baselineFile.toString(), "--tolerance", "lots");
        assertEquals(ExitCode.USAGE, tol.exitCode());
        assertTrue(tol.err().contains("--tolerance"), tol.err());
        CliHarness metric = CliHarness.run("diff", baselineFile.toString(), baselineFile.toString(), "--metric", "p98");
        assertEquals(ExitCode.USAGE, metric.exitCode());
        assertTrue(metric.err().contains("p98") && metric.err().contains("p99"), metric.err());
    }

    @Test
    void identicalResultsHaveNoRegression() {
        CliHarness r = CliHarness.run("diff", baselineFile.toString(), baselineFile.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("No regression beyond 10%"), r.out());
    }
}
