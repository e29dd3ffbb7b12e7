package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentRunTest {

    @Test
    void simSweepWritesTheCsvJsonAndHtmlAndPrintsAVerdictPerPoint(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv"), json = dir.resolve("s.json"), html = dir.resolve("s.html");
        CliHarness r = CliHarness.run("sim", "scenarios/aws-contention.yaml", "--sweep", "load.clients=5,10",
                "--repeat", "3", "--strategy", "none,full", "--csv", csv.toString(), "--json", json.toString(),
                "--html", html.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("load.clients=10: Verdict (3 repeats"), r.out());
        assertEquals(5, Files.readString(csv).lines().count(), "a header and one line per point and row");
        assertTrue(Files.readString(json).contains("\"schema\" : \"stampede.experiment/v1\""));
        assertTrue(Files.readString(html).contains("attempts against load.clients"));
    }

    @Test
    void ctrlCDuringASweepWritesTheRunsThatFinishedMarkedPartialAndExits130(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv"), json = dir.resolve("s.json"), html = dir.resolve("s.html");
        RunCancellation cancellation = RunCancellation.inProcess();
        int[] runs = {0};
        // an injected stop signal: "Ctrl-C" arrives while the 4th run is under way
        dev.stampede.experiment.Experiment.RowRunner runner = (s, row, cancelled) -> {
            if (++runs[0] == 4) cancellation.cancel();
            return SimCommand.runRow(s, row, cancelled);
        };
        RunOptions options = new RunOptions();
        options.strategies = java.util.List.of("none", "full");
        options.csv = csv;
        options.json = json;
        options.html = html;
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new SimCommand());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int code = ExperimentRun.execute(SimCommand.engine(null), runner, 1, cl, Path.of("scenarios/aws-contention.yaml"),
                options, "load.clients=5,10", 2, cancellation);

        assertEquals(ExitCode.INTERRUPTED, code, err.toString());
        assertEquals(4, runs[0]);
        assertTrue(out.toString().contains("PARTIAL: interrupted; 3 of 8 runs finished"), out.toString());
        assertTrue(out.toString().contains("load.clients=5: Verdict (PARTIAL: 1..2 of 2 repeats finished"), out.toString());
        assertTrue(err.toString().contains("interrupted: the report covers the 3 runs that finished (partial)"), err.toString());
        assertEquals(java.util.List.of("5,none,2", "5,full,1"), Files.readString(csv).lines().skip(1)
                .map(l -> String.join(",", java.util.Arrays.asList(l.split(",")).subList(0, 3))).toList(),
                "the CSV has the point that ran, each row with the repeats that finished");
        assertTrue(Files.readString(json).contains("\"partial\" : true"), Files.readString(json));
        assertTrue(Files.readString(html).contains("(partial)"));
    }

    @Test
    void twoSweepsOfTheSameScenarioWriteByteIdenticalJson(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json");
        String[] common = {"sim", "scenarios/aws-contention.yaml", "--sweep", "load.clients=5..15:5", "--repeat", "4", "--quiet"};
        assertEquals(ExitCode.OK, CliHarness.run(concat(common, "--json", a.toString())).exitCode());
        assertEquals(ExitCode.OK, CliHarness.run(concat(common, "--json", b.toString())).exitCode());
        assertEquals(Files.readString(a), Files.readString(b));
    }

    @Test
    void aBadSweepIsAUsageErrorThatSaysWhatIsExpected() throws Exception {
        CliHarness r = CliHarness.run("sim", "scenarios/aws-contention.yaml", "--sweep", "load.clients=10..1:1");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("TO must be >= FROM"), r.err());
    }

    @Test
    void aSweptValueTheScenarioCannotTakeNamesFileLineAndColumn() throws Exception {
        CliHarness r = CliHarness.run("sim", "scenarios/aws-contention.yaml", "--sweep", "load.clients=0,10");
        assertTrue(r.err().contains("aws-contention.yaml:17:12: load.clients"), r.err());
    }

    @Test
    void aSweepOfAKeyAnOptionAlsoSetsIsRefused() throws Exception {
        CliHarness r = CliHarness.run("sim", "scenarios/aws-contention.yaml", "--sweep", "load.clients=5,10", "--clients", "3");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("both set load.clients"), r.err());
    }

    @Test
    void runRefusesASweepWithTheReason() throws Exception {
        CliHarness r = CliHarness.run("run", "scenarios/aws-contention.yaml", "--sweep", "load.clients=5,10");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("run --sweep is not supported"), r.err());
    }

    @Test
    void runRepeatsALiveRowOneRunAfterAnotherWithConsecutiveSeeds(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("short.yaml"), json = dir.resolve("r.json");
        Files.writeString(scenario, """
                name: short
                duration: 1s
                seed: 5
                request: { method: POST, path: /v1/messages, body: '{}', timeout: 2s }
                load: { rate: 40/s }
                server: { capacity: 50/s, latency: { fixed: 5ms }, phases: [ { at: 0s, overload: 0.1 } ] }
                retry: { maxAttempts: 3, base: 50ms, cap: 100ms }
                thresholds:
                  "*": { successRate: ">= 0.5" }
                """);
        CliHarness r = CliHarness.run("run", scenario.toString(), "--strategy", "full", "--repeat", "2", "--json", json.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("live, 2 repeats a row (seeds 5..6)"), r.out());
        assertTrue(r.out().contains("Thresholds (on the mean over repeats): 1 of 1 passed"), r.out());
        String text = Files.readString(json);
        assertTrue(text.contains("\"seed\" : 6"), text);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
