package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShippedScenariosTest {

    /** What the real tool accepts: every strategy of the retry package. */
    static final Set<String> STRATEGIES = Set.copyOf(dev.stampede.retry.Strategies.names());

    static List<Path> shipped() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("scenarios"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test
    void everyFileInTheScenariosFolderLoadsWithoutProblems() throws IOException {
        List<Path> files = shipped();
        assertTrue(files.size() >= 3, "expected at least the three required scenarios, found " + files);
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            try {
                Scenario s = ScenarioLoader.load(f, STRATEGIES, Map.of());
                assertFalse(s.description().isBlank(), f + " should say what it is for");
            } catch (ScenarioException e) {
                failures.add(e.getMessage());
            }
        }
        assertEquals(List.of(), failures, "every shipped scenario must be valid");
    }

    @Test
    void launchSpikeReplaysTheSeedProfileInThirtySecondsWithACapacityDropAtThePeak() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/launch-spike.yaml"), STRATEGIES, Map.of());
        assertEquals(Duration.ofSeconds(30), s.duration(), "one strategy's run takes 30 s");
        assertInstanceOf(LoadSpec.Open.class, s.load());
        assertEquals(Target.EMBEDDED, s.target());
        // seed 000's 529s per 1,000 calls at H+0, H+2, H+4, H+6, H+8, H+12, then back to baseline; the
        // rebalance at H+6 is a 500 ms burst in which every call gets a 529 and capacity halves (failures
        // in step, which no-jitter clients repeat in step)
        assertEquals(List.of(0.0004, 0.008, 0.018, 1.0, 0.030, 0.022, 0.009, 0.0004),
                s.server().phases().stream().map(PhaseSpec::overload).toList());
        assertEquals(Duration.ofMillis(500), s.server().phases().get(4).at().minus(s.server().phases().get(3).at()));
        PhaseSpec peak = s.server().phases().get(3);
        assertTrue(peak.capacityFactor() < 1, "capacity drops at the peak");
        double offered = ((LoadSpec.Open) s.load()).rateAt(peak.at()).perSecond();
        double capacityAtPeak = s.server().capacity().perSecond() * peak.capacityFactor();
        assertTrue(offered > capacityAtPeak, "offered " + offered + "/s must exceed the peak's capacity " + capacityAtPeak + "/s");
        double offeredOtherwise = ((LoadSpec.Open) s.load()).rateAt(Duration.ZERO).perSecond();
        assertTrue(offeredOtherwise < s.server().capacity().perSecond(), "outside the peak the server keeps up with the offered load");
    }
}
