package dev.stampede.cli;

import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.server.MockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MockCommandTest {

    @Test
    void itServesUntilTheDurationEndsThenPrintsWhatItReceived() {
        CliHarness r = CliHarness.run("mock", "--port", "0", "--duration", "300ms");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("stampede mock listening on http://127.0.0.1:"), r.out());
        assertTrue(r.out().contains("phases:\n  1. from 0s     healthy"), r.out());
        assertTrue(r.out().contains("phase 1/1: healthy"), "the first phase is logged as it begins:\n" + r.out());
        assertTrue(r.out().contains("stopped after") && r.out().contains("received 0"), r.out());
    }

    private static MockCommand parsed(String... args) {
        MockCommand cmd = new MockCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void theOptionsDescribeTheServer() {
        ServerSpec s = parsed("--capacity", "400/s", "--overload", "0.03", "--retry-after", "5s", "--latency", "0s").healthySpec();
        assertEquals(new dev.stampede.scenario.LatencySpec.Fixed(Duration.ZERO), s.latency());
        assertEquals(400, s.capacity().perSecond());
        assertEquals(ServerSpec.defaultBurst(s.capacity()), s.burst());
        PhaseSpec only = s.phases().getFirst();
        assertEquals(0.03, only.overload());
        assertEquals(Duration.ofSeconds(5), only.retryAfter(), "--retry-after goes on every 529");
        assertEquals(Duration.ofSeconds(5), s.overloadedRetryAfter());
    }

    @Test
    void withoutOptionsTheServerIsHealthyAndUnlimited() {
        ServerSpec s = parsed().healthySpec();
        assertNull(s.capacity());
        assertEquals(0, s.concurrency());
        assertEquals(PhaseSpec.HEALTHY, s.phases().getFirst());
        assertNull(s.overloadedRetryAfter());
    }

    @Test
    void aPlainNumberIsACapacityPerSecond() {
        assertEquals(250, parsed("--capacity", "250").healthySpec().capacity().perSecond());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--overload|1.5|--overload",
            "--overload|-0.1|--overload",
            "--capacity|fast|--capacity",
            "--capacity|0/s|--capacity",
            "--retry-after|soon|--retry-after",
            "--duration|forever|--duration",
            "--latency|slow|--latency",
            "--port|70000|--port"})
    void aBadOptionValueIsAUsageErrorNamingTheOption(String option, String value, String named) {
        CliHarness r = CliHarness.run("mock", "--port", "0", option, value);
        assertEquals(ExitCode.USAGE, r.exitCode(), "exit 2 for " + option + " " + value + "; err: " + r.err());
        assertTrue(r.err().contains(named), "the message should name " + named + ": " + r.err());
    }

    @Test
    void aPortInUseIsAUsageErrorThatSaysWhatToDo() {
        try (MockServer taken = MockServer.start(ServerSpec.HEALTHY, "127.0.0.1", 0, 1)) {
            CliHarness r = CliHarness.run("mock", "--port", String.valueOf(taken.baseUrl().getPort()), "--duration", "1s");
            assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
            assertTrue(r.err().contains("--port 0"), r.err());
        }
    }

    @Test
    void describingAPhaseNamesItsRetryHeadersAndTheStatusesThatCarryThem() {
        PhaseSpec p = new PhaseSpec(Duration.ZERO, 0, 1, Duration.ofSeconds(2), java.util.Map.of(429, 1.0), 0, 0, 1, 0,
                new PhaseSpec.Hints(Duration.ofMillis(700), true, false, java.util.Set.of(529, 429)));
        assertEquals("Retry-After 2s as a date, retry-after-ms 700ms, x-should-retry false on every 429/529, 429 1.0",
                MockCommand.describe(p));
    }

    @Test
    void describingAPhaseNamesEveryDeparture() {
        PhaseSpec p = new PhaseSpec(Duration.ofSeconds(10), 0.03, 0.5, Duration.ofSeconds(5),
                java.util.Map.of(500, 0.01), 0.001, 0.002, 2);
        assertEquals("forced 529 0.03, capacity x0.5, latency x2.0, Retry-After 5s on every 529, 500 0.01, reset 0.001, hang 0.002",
                MockCommand.describe(p));
    }

    @Test
    void optionsOnlyMeantForNoScenarioAreRejectedBesideOne() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = StampedeCommand.execute(new String[] {"mock", "x.yaml", "--overload", "0.1"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(ExitCode.USAGE, code);
        assertTrue(err.toString().contains("only without a scenario"), err.toString());
    }

    @Test
    void aScenarioFileIsServedWithItsPhaseSchedule(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("burst.yaml");
        java.nio.file.Files.writeString(file, """
                name: burst
                duration: 20s
                seed: 3
                load: { rate: 10/s }
                server:
                  capacity: 400/s
                  latency: { fixed: 10ms }
                  phases:
                    - { at: 0s,  overload: 0 }
                    - { at: 8s,  overload: 1, retryAfter: 5s }
                    - { at: 13s, overload: 0 }
                """);
        CliHarness r = CliHarness.run("mock", file.toString(), "--port", "0", "--duration", "200ms");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("(server from " + file + ", seed 3)"), r.out());
        assertTrue(r.out().contains("capacity 400/s"), r.out());
        assertTrue(r.out().contains("  2. from 8s     forced 529 1.0, Retry-After 5s on every 529"), r.out());
        assertTrue(r.out().contains("  3. from 13s    Retry-After 5s on every 529"), "phase 3 inherits retryAfter: " + r.out());
    }

    @Test
    void anInvalidScenarioIsAUsageErrorListingItsProblems(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(file, "name: bad\nduration: soon\nload: { rate: 10/s }\n");
        CliHarness r = CliHarness.run("mock", file.toString(), "--port", "0", "--duration", "200ms");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("bad.yaml:2"), "problems name file:line: " + r.err());
    }

    @Test
    void aMissingScenarioFileIsAUsageError() {
        CliHarness r = CliHarness.run("mock", "no-such-file.yaml", "--port", "0");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void eachPhaseChangeIsLoggedAsItHappens(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("two-phases.yaml");
        java.nio.file.Files.writeString(file, """
                name: two-phases
                duration: 1s
                load: { rate: 10/s }
                server:
                  phases:
                    - { at: 0s }
                    - { at: 150ms, overload: 0.5 }
                """);
        CliHarness r = CliHarness.run("mock", file.toString(), "--port", "0", "--duration", "400ms");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        int first = r.out().indexOf("phase 1/2: healthy"), second = r.out().indexOf("phase 2/2: forced 529 0.5");
        assertTrue(first >= 0 && second > first, "both phases logged, in order:\n" + r.out());
        String stamp = r.out().substring(r.out().lastIndexOf('[', second) + 1, r.out().indexOf(']', r.out().lastIndexOf('[', second))).trim();
        double loggedAt = Double.parseDouble(stamp.replace("s", ""));
        assertTrue(loggedAt >= 0.150, "phase 2 cannot be logged before it begins at 0.150 s, was " + loggedAt);
    }
}
