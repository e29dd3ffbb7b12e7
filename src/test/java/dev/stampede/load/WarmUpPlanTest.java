package dev.stampede.load;

import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The warm-up's plan (rate, mock, policy); its effect on timing is measured by scripts/bench/aligned-shards.sh. */
class WarmUpPlanTest {

    private static final String SPIKE = """
            name: spike
            duration: 20s
            seed: 7
            target: http://127.0.0.1:9
            request: { timeout: 2s }
            load:
              stages: [ {for: 8s, rate: 40/s}, {for: 4s, rate: 200/s}, {for: 8s, rate: 40/s} ]
              maxInFlight: 100
            server: { capacity: 100/s, latency: { fixed: 20ms } }
            retry: { maxAttempts: 3, base: 200ms, cap: 2s }
            strategies: [none, full]
            """;

    @Test
    void anAlignedShardWarmsUpOnTheWholeScenariosPeakRateAgainstAMockThatShedsHalfAndRetriesWithTheFirstRow() throws Exception {
        Scenario shard = LiveEngineTest.scenario(SPIKE).shard(2, 4);

        LiveEngine.WarmUpPlan plan = LiveEngine.warmUpPlan(shard, true);

        LoadSpec.Open load = (LoadSpec.Open) plan.load();
        assertEquals(1, load.stages().size(), "one pace for the whole warm-up: " + load.stages());
        assertEquals(200.0, load.stages().getFirst().rate().perSecond(), 1e-9, "the spike's 50/s per shard times 4 shards");
        assertEquals(0, load.shardIndex(), "the warm-up is not interleaved with the other shards'");
        assertEquals(1, load.shardCount());
        assertEquals(100, load.maxInFlight(), "the shards' maxInFlight added up again (25 each)");
        assertEquals(100.0, plan.server().capacity().perSecond(), 1e-9,
                "capacity is half the warm-up's rate, so about half its attempts are answered 529");
        assertEquals(ServerSpec.Model.CAPACITY, plan.server().model());
        assertEquals("none", plan.policy().name(), "the 529s are retried by the first row's strategy");
    }

    @Test
    void anAlignedRunOfOneProcessWarmsUpOnItsOwnPeakRateWithAtMost256InFlight() throws Exception {
        Scenario whole = LiveEngineTest.scenario(SPIKE.replace("maxInFlight: 100", "maxInFlight: 5000"));

        LiveEngine.WarmUpPlan plan = LiveEngine.warmUpPlan(whole, true);

        LoadSpec.Open load = (LoadSpec.Open) plan.load();
        assertEquals(200.0, load.stages().getFirst().rate().perSecond(), 1e-9);
        assertEquals(LiveEngine.WARM_UP_CONCURRENCY, load.maxInFlight());
        assertEquals(100.0, plan.server().capacity().perSecond(), 1e-9);
    }

    @Test
    void anUnalignedShardWarmsUpOnItsOwnShareOfThePeakRateWithoutRetriesAgainstAHealthyMock() throws Exception {
        Scenario shard = LiveEngineTest.scenario(SPIKE).shard(2, 4);

        LiveEngine.WarmUpPlan plan = LiveEngine.warmUpPlan(shard, false);

        LoadSpec.Open load = (LoadSpec.Open) plan.load();
        assertEquals(List.of(50.0), load.stages().stream().map(s -> s.rate().perSecond()).toList(),
                "the shard's share of the spike (200/s over 4 shards) from the start, not the 10/s of its first 8 s");
        assertEquals(25, load.maxInFlight(), "the shard's own maxInFlight");
        assertEquals(1, load.shardIndex());
        assertNull(plan.server().capacity(), "a healthy mock");
        assertEquals("warm-up", plan.policy().name(), "no retries");
    }

    @Test
    void anAlignedClosedLoadWarmsUpOnItsOwnClientsAgainstAHealthyMock() throws Exception {
        Scenario closed = LiveEngineTest.scenario(SPIKE.replace("""
                load:
                  stages: [ {for: 8s, rate: 40/s}, {for: 4s, rate: 200/s}, {for: 8s, rate: 40/s} ]
                  maxInFlight: 100
                """, "load: { model: closed, clients: 8, think: 10ms }\n"));

        LiveEngine.WarmUpPlan plan = LiveEngine.warmUpPlan(closed, true);

        assertEquals(new LoadSpec.Closed(8, Duration.ofMillis(10)), plan.load());
        assertNull(plan.server().capacity());
    }
}
