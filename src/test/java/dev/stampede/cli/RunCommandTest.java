package dev.stampede.cli;

import dev.stampede.load.EngineClock;
import dev.stampede.load.LiveEngine;
import dev.stampede.load.MockServers;
import dev.stampede.load.OpenFilesLimit;
import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.report.ResultJson;
import dev.stampede.scenario.Scenario;
import dev.stampede.ui.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code stampede run} end to end, in-process: short scenarios against the embedded mock on port 0. */
class RunCommandTest {

    @TempDir Path dir;

    private static final String SHORT = """
            name: short
            duration: 1s
            seed: 5
            request: { method: POST, path: /v1/messages, body: '{}', timeout: 2s }
            load: { rate: 60/s }
            server:
              capacity: 50/s
              latency: { fixed: 5ms }
              phases: [ { at: 0s, overload: 0.1 } ]
            retry: { maxAttempts: 3, base: 50ms, cap: 100ms }
            """;

    private Path write(String name, String yaml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void aPopulationScenarioPrintsOneRowPerPopulationAndThePhaseTable() throws Exception {
        Path scenario = write("mixed.yaml", SHORT.replace("phases: [ { at: 0s, overload: 0.1 } ]",
                "phases: [ { at: 0s, overload: 0.1 }, { at: 500ms, overload: 0.3 } ]") + """
                policies:
                  budgeted: { strategy: full, budget: { burst: 5, scope: shared } }
                population: [{policy: budgeted, share: 0.5}, {policy: equal, share: 0.5}]
                """);
        Path json = dir.resolve("mixed.json");
        CliHarness r = CliHarness.run("run", scenario.toString(), "--no-live", "--json", json.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.startsWith("budgeted ") || l.startsWith("equal ")).toList();
        assertEquals(2, rows.size(), "one table row per population:\n" + r.out());
        assertTrue(r.out().contains("Per phase"), "two scripted phases: the per-phase table\n" + r.out());
        var c = dev.stampede.report.ResultJson.read(json);
        assertEquals(List.of("budgeted", "equal"), c.runs().stream().map(dev.stampede.metrics.RunResult::strategy).toList());
        assertEquals(2, c.runs().getFirst().phases().size());
    }

    @Test
    void runComparesTheStrategiesAndWritesTheJson() throws Exception {
        Path scenario = write("short.yaml", SHORT);
        Path json = dir.resolve("out/result.json");
        CliHarness r = CliHarness.run("run", scenario.toString(), "--strategy", "none,full", "--no-live", "--json", json.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("none") && r.out().contains("full"), "both strategies in the table:\n" + r.out());
        assertFalse(r.err().contains("self-check failed"), r.err());
        Comparison c = ResultJson.read(json);
        assertEquals(2, c.runs().size());
        assertEquals("live", c.mode());
        assertFalse(c.partial());
        for (RunResult run : c.runs()) {
            assertEquals(run.attempts(), run.server().received(), run.strategy() + ": client attempts = mock received");
            assertEquals(run.requests().started(), run.requests().succeeded() + run.requests().failed());
        }
    }

    @Test
    void aCrossedThresholdExits99AfterWritingEveryFile() throws Exception {
        Path scenario = write("strict.yaml", SHORT + """
                thresholds:
                  "*": { amplification: "< 0.5" }
                """);
        Path json = dir.resolve("strict.json");
        Path junit = dir.resolve("strict.xml");
        CliHarness r = CliHarness.run("run", scenario.toString(), "--strategy", "full", "--no-live", "--json", json.toString(),
                "--junit", junit.toString());
        assertEquals(ExitCode.THRESHOLD, r.exitCode(), r.out() + r.err());
        assertTrue(Files.exists(json) && Files.exists(junit), "every file asked for is written before exiting 99");
        assertFalse(ResultJson.read(json).thresholds().getFirst().pass());
    }

    @Test
    void cancellingDuringTheSecondStrategyKeepsTheFirstAndWritesAPartialReport() throws Exception {
        Path scenario = write("cancel.yaml", SHORT.replace("duration: 1s", "duration: 20s"));
        Path json = dir.resolve("partial.json");
        RunCancellation cancellation = RunCancellation.inProcess();
        LiveEngine live = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start, LiveEngine.Settings.DEFAULT);
        dev.stampede.run.Engine engine = RunCommand.engine(live);
        // The first strategy runs 1 s; the second is cancelled as soon as it starts (a Ctrl-C in mid-run).
        dev.stampede.run.Engine cancelling = new dev.stampede.run.Engine() {
            int started;

            @Override public String mode() { return engine.mode(); }

            @Override public RunResult run(Scenario s, String strategy, BooleanSupplier cancelled,
                                           dev.stampede.run.Started progress) throws IOException {
                if (++started == 1) return engine.run(s.withDuration(java.time.Duration.ofSeconds(1)), strategy, cancelled, progress);
                cancellation.cancel();
                return engine.run(s, strategy, cancelled, progress);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        RunOptions options = new RunOptions();
        options.strategies = java.util.List.of("none", "full", "equal");
        options.json = json;
        int code = new ScenarioRunSupport(cancelling, new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                cancellation, o -> Progress.none(), InstantSource.system()).execute(scenario, options);
        assertEquals(ExitCode.INTERRUPTED, code, err.toString());
        Comparison c = ResultJson.read(json);
        assertTrue(c.partial(), "the comparison is marked partial");
        assertEquals(2, c.runs().size(), "the finished strategy and the interrupted one; 'equal' never ran");
        assertFalse(c.runs().get(0).partial(), "the finished strategy keeps its full results");
        assertTrue(c.runs().get(1).partial());
        assertTrue(err.toString().contains("partial"), err.toString());
    }

    @Test
    void secretHeaderValuesNeverAppearInAnyOutput() throws Exception {
        Path scenario = write("secret.yaml", SHORT.replace("request: { method: POST, path: /v1/messages, body: '{}', timeout: 2s }",
                """
                request:
                  method: POST
                  path: /v1/messages
                  headers: { x-api-key: "${API_KEY}", x-team: "${TEAM}", authorization: "Bearer inline-token-789" }
                  body: '{}'
                  timeout: 2s
                """.strip()));
        RunOptions options = new RunOptions();
        options.strategies = java.util.List.of("full");
        options.json = dir.resolve("s.json");
        options.csv = dir.resolve("s.csv");
        options.html = dir.resolve("s.html");
        options.hgrm = dir.resolve("hgrm");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        LiveEngine live = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start, LiveEngine.Settings.DEFAULT);
        int code = new ScenarioRunSupport(RunCommand.engine(live), new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("API_KEY", "sk-ant-secret-123", "TEAM", "team-hidden-456"), RunCancellation.inProcess(),
                o -> Progress.none(), InstantSource.system()).execute(scenario, options);
        assertEquals(ExitCode.OK, code, err.toString());
        StringBuilder everything = new StringBuilder(out.toString()).append(err);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".yaml")).toList()) {
                everything.append(Files.readString(f));
            }
        }
        for (String secret : new String[] {"sk-ant-secret-123", "team-hidden-456", "inline-token-789"}) {
            assertFalse(everything.toString().contains(secret), "'" + secret + "' must not appear in any output");
        }
    }

    @Test
    void anUnknownStrategyIsAUsageErrorThatSuggestsTheNearest() throws Exception {
        CliHarness r = CliHarness.run("run", write("s.yaml", SHORT).toString(), "--strategy", "fulll", "--no-live");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("full"), r.err());
    }

    @Test
    void aMissingScenarioFileIsAUsageErrorThatNamesIt() {
        CliHarness r = CliHarness.run("run", "no/such/file.yaml", "--no-live");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("no/such/file.yaml: no such file"), r.err());
    }

    @Test
    void rateOnAClosedScenarioIsAUsageErrorNamingTheFlag() throws Exception {
        Path s = write("closed.yaml", SHORT.replace("load: { rate: 60/s }", "load: { model: closed, clients: 3 }"));
        CliHarness r = CliHarness.run("run", s.toString(), "--rate", "10/s");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--rate") && r.err().contains("--clients"), r.err());
    }

    @Test
    void aPlanBeyondTheOpenFilesLimitIsRefusedWithTheFix() {
        Optional<String> problem = OpenFilesLimit.problem(10_000, "load.clients", true, 20_000);
        assertTrue(problem.isPresent(), "10,000 clients with an in-process mock need 20,128 descriptors > 20,000");
        assertTrue(problem.get().contains("ulimit -n") && problem.get().contains("--clients 9936"), problem.get());
        assertEquals(Optional.empty(), OpenFilesLimit.problem(10_000, "load.clients", false, 20_000));
    }

    @Test
    void theTargetShownInReportsDropsUserInfo() {
        assertEquals("http://h:8080/api", ScenarioRunSupport.displayTarget(
                ScenarioRunSupport.parseTarget("http://user:pw@h:8080/api")));
    }
}
