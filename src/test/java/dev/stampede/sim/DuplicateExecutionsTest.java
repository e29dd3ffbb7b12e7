package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Duplicate executions and idempotency keys in the simulator, on its virtual clock: every service takes 1.5 s, the
 * client gives up after 1 s and retries once (no jitter), and the server does not cancel abandoned work, so each
 * first attempt completes after its client left.
 */
class DuplicateExecutionsTest {

    /** 20 requests; the retry goes out {@code base} after the 1 s timeout. */
    private static String slowCharge(String base) {
        return """
                duration: 2s
                load: { rate: 10/s }
                request: { method: POST, path: /v1/charges, timeout: 1s }
                server: { latency: 1500ms }
                retry: { maxAttempts: 2, base: %s, retryOn: [timeout, 409] }
                strategies: [none]
                """.formatted(base);
    }

    private static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
    }

    private static RunResult run(Scenario s, String row) {
        return new Simulator(s).run(s.policy(row), new RunRecorder(Simulator.recorderConfig(s, row)), Simulator.Watch.NONE).result();
    }

    @Test
    void aRetryOfAnAttemptThatCompletedAfterItsClientLeftIsADuplicateExecution() throws ScenarioException {
        ServerView server = run(parse(slowCharge("1s")), "none").server();
        assertEquals(40, server.received(), "two attempts each");
        assertEquals(20, server.duplicates(), "both attempts of every request executed: one duplicate each");
        assertEquals(20, server.timeline().stream().mapToLong(ServerView.Interval::duplicates).sum(), "the timeline adds up");
        assertEquals(0, server.replayed() + server.conflicts(), "nothing is honoured without server.idempotency");
    }

    @Test
    void withoutAKeyTheServersIdempotencyCannotActButDuplicatesAreStillCounted() throws ScenarioException {
        ServerView server = run(parse(slowCharge("1s").replace("server: { latency: 1500ms }",
                "server: { latency: 1500ms, idempotency: true }")), "none").server();
        assertEquals(20, server.duplicates());
    }

    @Test
    void anHonouredKeyAnswersTheRetryOfACompletedChargeFromTheStoreWithoutChargingAgain() throws ScenarioException {
        String yaml = slowCharge("1s").replace("server: { latency: 1500ms }", "server: { latency: 1500ms, idempotency: true }")
                + "idempotencyKey: Idempotency-Key\n";
        RunResult r = run(parse(yaml), "none");
        assertEquals(0, r.server().duplicates());
        assertEquals(20, r.server().replayed(), "the retry (sent 2 s after the first) finds the charge done at 1.5 s");
        assertEquals(1.0, r.requests().successRate(), 0.0, "the replay is the stored 200");
        assertEquals(40, r.server().admitted(), "a replay counts as admitted: received = admitted + shed + forced + errors");
    }

    @Test
    void anHonouredKeyRefusesARetryWhileTheChargeIsStillInProgressWith409() throws ScenarioException {
        String yaml = slowCharge("100ms").replace("server: { latency: 1500ms }", "server: { latency: 1500ms, idempotency: true }")
                + "idempotencyKey: Idempotency-Key\n";
        RunResult r = run(parse(yaml), "none");
        assertEquals(0, r.server().duplicates());
        assertEquals(20, r.server().conflicts(), "the retry at 1.1 s meets the charge in progress until 1.5 s");
        assertEquals(20L, r.server().errors().get(409));
        assertEquals(20L, r.statuses().get("409"), "the client sees the 409 as the last attempt's answer");
    }

    @Test
    void cancellingAbandonedWorkAlsoPreventsTheDuplicate() throws ScenarioException {
        String yaml = slowCharge("1s").replace("server: { latency: 1500ms }", "server: { latency: 1500ms, concurrency: 100, cancelAbandoned: true }");
        ServerView server = run(parse(yaml), "none").server();
        assertEquals(0, server.duplicates(), "every attempt is cancelled at its client's timeout: none executes");
    }

    @Test
    void theShippedScenarioChargesTwiceWithRetriesAndNeverWithTheKey() throws Exception {
        Scenario plain = ScenarioLoader.load(Path.of("scenarios/duplicate-charges.yaml"), Set.copyOf(Strategies.names()), Map.of());
        Scenario keyed = ScenarioLoader.load(Path.of("scenarios/duplicate-charges/idempotency-key.yaml"), Set.copyOf(Strategies.names()),
                Map.of());
        assertTrue(Files.exists(Path.of("scenarios/duplicate-charges.yaml")));
        assertEquals(0, run(plain, "no-retry").server().duplicates(), "without retries nothing executes twice");
        for (String row : new String[] {"equal", "full"}) {
            long dup = run(plain, row).server().duplicates();
            assertTrue(dup > 60, row + " charges some customers twice: " + dup);
            RunResult k = run(keyed, row);
            assertEquals(0, k.server().duplicates(), row + " with the key");
            assertTrue(k.server().replayed() > 0, row + " retries are answered from the store");
            assertTrue(k.requests().successRate() > 0.95, row + " still succeeds: " + k.requests().successRate());
        }
    }
}
