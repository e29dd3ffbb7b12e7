package dev.stampede.cli;

import dev.stampede.metrics.RunResult;
import dev.stampede.report.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Duplicate executions mean the same in both engines: every attempt's 500 ms service outlasts the client's 300 ms
 * timeout and nothing cancels it, so every attempt the server receives executes: all but one per logical request are
 * duplicates (10 in the simulator, where every attempt arrives); with an honoured key, none, and the retry (sent
 * 800 ms after the first, which completed at 500 ms) is a replay. On a loaded machine a live attempt may time out
 * before the mock even reads it (the self-check's "ended without an answer"), so the live figures are checked
 * against what the server received. The live runs last about 2 s each over loopback.
 */
class DuplicatesBothEnginesTest {

    private static final String SLOW = """
            name: slow-charges
            duration: 1s
            seed: 3
            target: embedded
            request: { method: POST, path: /v1/charges, body: '{"amount":1}', timeout: 300ms }
            load: { rate: 10/s }
            server: { latency: 500ms%s }
            retry: { maxAttempts: 2, base: 500ms, retryOn: [timeout, 409] }
            strategies: [none]
            """;

    @Test
    void liveAndSimulatedRunsCountTheSameDuplicatesAndTheKeyRemovesThemInBoth(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain.yaml"), keyed = dir.resolve("keyed.yaml");
        Files.writeString(plain, SLOW.formatted(""));
        Files.writeString(keyed, SLOW.formatted(", idempotency: true") + "idempotencyKey: Idempotency-Key\n");
        for (Path scenario : List.of(plain, keyed)) {
            boolean withKey = scenario == keyed;
            for (String engine : List.of("run", "sim")) {
                Path json = dir.resolve(engine + "-" + scenario.getFileName() + ".json");
                CliHarness h = engine.equals("run")
                        ? CliHarness.run("run", scenario.toString(), "--json", json.toString(), "--no-live", "--quiet")
                        : CliHarness.run("sim", scenario.toString(), "--json", json.toString(), "--quiet");
                assertTrue(h.exitCode() == 0 || h.exitCode() == 1, engine + ": " + h.err());
                RunResult r = ResultJson.read(json).runs().getFirst();
                String who = engine + (withKey ? " with the key" : "");
                assertEquals(10, r.requests().started(), who);
                assertEquals(20, r.attempts(), who + ": every request retried once");
                long received = r.server().received();
                if (engine.equals("sim")) assertEquals(20, received, who + ": every attempt reaches the simulated server");
                assertTrue(received >= 15, who + ": the server received most attempts: " + received);
                // requests whose two attempts both reached the server: received minus the requests with any, so between
                // received - 10 (every request reached it) and received / 2 (no request reached it with one attempt only)
                long both = withKey ? r.server().replayed() : r.server().duplicates();
                assertTrue(both >= received - 10 && both <= received / 2, who + ": " + r.server());
                if (engine.equals("sim")) assertEquals(10, both, who);
                if (withKey) assertEquals(0, r.server().duplicates(), who + ": a retry finds its charge done and replays it");
            }
        }
    }
}
