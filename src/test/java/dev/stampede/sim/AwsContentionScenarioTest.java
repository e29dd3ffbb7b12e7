package dev.stampede.sim;

import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.scenario.SimSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped scenario carries the AWS blog's parameters (docs/simulator.md). */
class AwsContentionScenarioTest {

    @Test
    void theShippedScenarioHasTheBlogsParameters() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/aws-contention.yaml"), new LinkedHashSet<>(Strategies.names()), Map.of());
        assertEquals(new LoadSpec.Herd(100, 1), s.load(), "100 clients, one success each");
        assertEquals(ServerSpec.Model.OCC, s.server().model());
        assertEquals(new SimSpec.NetworkDelay.Normal(Duration.ofMillis(10), Duration.ofMillis(2)), s.sim().network());
        assertEquals(Duration.ofMillis(5), s.retry().base());
        assertEquals(Duration.ofSeconds(2), s.retry().cap());
        assertEquals(1, s.retry().attemptOffset(), "the blog's first plain sleep is 2·base");
        assertEquals(Set.of(409), s.retry().retryStatuses(), "retry on 409 only");
        assertTrue(s.retry().maxAttempts() >= 1000, "retry until it works: " + s.retry().maxAttempts());
        assertEquals(List.of("none", "equal", "decorrelated", "full"), s.strategies());
    }
}
