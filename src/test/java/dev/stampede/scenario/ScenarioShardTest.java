package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioShardTest {

    static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "s.yaml", Set.copyOf(Scenario.DEFAULT_STRATEGIES), Map.of());
    }

    @Test
    void openModelShardsEachOfferTheRatesDividedByTheShardCount() throws ScenarioException {
        Scenario s = parse("load: { stages: [ {for: 10s, rate: 300/s}, {for: 50s, rate: 400/s} ], maxInFlight: 10 }\n");
        for (int i = 1; i <= 4; i++) {
            LoadSpec.Open o = (LoadSpec.Open) s.shard(i, 4).load();
            assertEquals(List.of(new LoadSpec.Stage(Duration.ofSeconds(10), new Rate(75)), new LoadSpec.Stage(Duration.ofSeconds(50), new Rate(100))),
                    o.stages(), "shard " + i + "/4");
        }
        int maxInFlight = IntStream.rangeClosed(1, 4).map(i -> ((LoadSpec.Open) s.shard(i, 4).load()).maxInFlight()).sum();
        assertEquals(10, maxInFlight, "maxInFlight is split like clients: 3+3+2+2");
    }

    @Test
    void closedAndHerdClientsAreSplitExactlyWithTheRemainderOnTheFirstShards() throws ScenarioException {
        Scenario closed = parse("load: { model: closed, clients: 10, think: 1s }\n");
        assertEquals(List.of(4, 3, 3), IntStream.rangeClosed(1, 3).mapToObj(i -> ((LoadSpec.Closed) closed.shard(i, 3).load()).clients()).toList());
        assertEquals(Duration.ofSeconds(1), ((LoadSpec.Closed) closed.shard(2, 3).load()).think());

        Scenario herd = parse("load: { model: herd, clients: 11, requests: 2 }\n");
        assertEquals(List.of(3, 3, 3, 2), IntStream.rangeClosed(1, 4).mapToObj(i -> ((LoadSpec.Herd) herd.shard(i, 4).load()).clients()).toList());
        assertEquals(2, ((LoadSpec.Herd) herd.shard(4, 4).load()).requests());
    }

    @Test
    void shardSeedsDifferFromEachOtherAndAreStable() throws ScenarioException {
        Scenario s = parse("seed: 42\nload: { rate: 100/s }\n");
        Set<Long> seeds = new HashSet<>();
        for (int i = 1; i <= 16; i++) seeds.add(s.shard(i, 16).seed());
        assertEquals(16, seeds.size(), "16 shards, 16 distinct seeds");
        assertEquals(s.shard(3, 16).seed(), parse("seed: 42\nload: { rate: 100/s }\n").shard(3, 16).seed(), "same seed and index, same shard seed");
    }

    @Test
    void oneShardOfOneIsTheScenarioItself() throws ScenarioException {
        Scenario s = parse("load: { rate: 100/s }\n");
        assertSame(s, s.shard(1, 1));
    }

    @Test
    void theEmbeddedMockIsScaledWithTheLoadButARealTargetIsNot() throws ScenarioException {
        Scenario s = parse("load: { rate: 400/s }\nserver: { capacity: 300/s, burst: 30, concurrency: 100 }\n");
        ServerSpec half = s.shard(2, 2).server();
        assertEquals(new Rate(150), half.capacity());
        assertEquals(15, half.burst());
        assertEquals(50, half.concurrency());
        Scenario remote = s.withTarget(new Target.Url(java.net.URI.create("http://127.0.0.1:8080")));
        assertEquals(s.server(), remote.shard(2, 2).server());
    }

    @Test
    void anEmbeddedServerWithAQueueModelIsNotShardedBecauseSmallQueuesAreNotOneBigOne() throws ScenarioException {
        for (String server : List.of("{ workers: 8, queue: 100 }", "{ workers: 8 }", "{ contention: 1ms }",
                "{ routes: [ { prefix: /v1, workers: 4, queue: 10 } ] }")) {
            Scenario s = parse("load: { rate: 400/s }\nserver: " + server + "\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.shard(1, 2), server);
            assertTrue(e.getMessage().contains("stampede mock") && e.getMessage().contains("--target"),
                    "the message points to one mock and a URL target: " + e.getMessage());
            assertSame(s, s.shard(1, 1), "one shard of one is still the scenario itself");
            Scenario remote = s.withTarget(new Target.Url(java.net.URI.create("http://127.0.0.1:8529")));
            assertEquals(remote.server(), remote.shard(2, 2).server(), "against one shared mock the shards are fine: " + server);
        }
    }

    @Test
    void impossibleShardsAreRejectedWithTheReason() throws ScenarioException {
        Scenario s = parse("load: { model: closed, clients: 2 }\n");
        assertEquals("cannot split 2 clients into 3 shards (need at least one each)",
                assertThrows(IllegalArgumentException.class, () -> s.shard(1, 3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.shard(0, 2));
        assertThrows(IllegalArgumentException.class, () -> s.shard(3, 2));
    }
}
