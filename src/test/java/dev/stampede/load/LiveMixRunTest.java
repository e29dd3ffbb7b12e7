package dev.stampede.load;

import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request mix end to end: real HTTP to the embedded mock on 127.0.0.1 (port 0), at most a few seconds. */
class LiveMixRunTest {

    private static final LiveEngine ENGINE = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start,
            new LiveEngine.Settings(LiveEngine.Settings.DEFAULT.bodyLimitBytes(), Duration.ofSeconds(2),
                    Duration.ofMillis(500), Duration.ofMillis(50), Duration.ZERO));

    @TempDir
    Path dir;

    @Test
    void aDataFileReadOnceEndsTheRunEarlyAndTheResultBreaksFiguresDownPerTemplate() throws Exception {
        Files.writeString(dir.resolve("rows.csv"), "q\nalpha\nbeta\ngamma\ndelta\nepsilon\n",
                StandardCharsets.UTF_8);
        Path file = dir.resolve("mix.yaml");
        Files.writeString(file, """
                duration: 20s
                seed: 9
                data: { file: rows.csv, onEnd: stop }
                mix:
                  - { name: search, weight: 3, path: '/v1/search?q={{data.q}}&n={{seq}}', timeout: 2s }
                  - { name: post, weight: 1, method: POST, path: /v1/posts, body: '{"q": "{{data.q}}", "id": "{{request.id}}"}' }
                load: { rate: 20/s }
                server: { latency: 2ms }
                """, StandardCharsets.UTF_8);
        Scenario s = ScenarioLoader.load(file, new HashSet<>(Strategies.names()), Map.of());
        RunResult r = ENGINE.run(s, s.policy("full"), LiveEngine.Hooks.NONE);
        assertEquals(5, r.requests().started(), "five rows, each once");
        assertEquals(5, r.requests().succeeded(), r.requests().failures().toString());
        assertTrue(r.durationSeconds() < 10, "arrivals ended with the rows, long before the 20 s duration: " + r.durationSeconds());
        assertEquals(2, r.templates().size());
        assertEquals(5, r.templates().get(0).requests() + r.templates().get(1).requests());
        assertEquals(r.attempts(), r.server().received(), "the mock received every rendered attempt");
    }
}
