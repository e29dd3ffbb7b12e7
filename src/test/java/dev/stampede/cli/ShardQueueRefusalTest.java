package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --shard} against an embedded server with a queue model is refused before anything runs. */
class ShardQueueRefusalTest {

    @Test
    void shardingAnEmbeddedServerWithWorkersExitsTwoAndPointsToStampedeMock(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("queue.yaml");
        Files.writeString(scenario, """
                name: queue
                duration: 2s
                target: embedded
                load: { rate: 20/s }
                server: { workers: 4, queue: 50, latency: 10ms }
                strategies: [full]
                """);
        CliHarness r = CliHarness.run("run", scenario.toString(), "--shard", "1/2", "--no-live", "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--shard: cannot shard the embedded server"), r.err());
        assertTrue(r.err().contains("stampede mock " + scenario), "names the scenario to serve: " + r.err());
        assertTrue(r.out().isEmpty() || !r.out().contains("strategy"), "nothing was run: " + r.out());
    }
}
