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
    void launchSpikeReplaysTheSeedProfileInThirtySecondsWithARebalanceThatTakesSlotsAndFailsEveryCallInFlightAtThePeak() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/launch-spike.yaml"), STRATEGIES, Map.of());
        assertEquals(Duration.ofSeconds(30), s.duration(), "one strategy's run takes 30 s");
        assertInstanceOf(LoadSpec.Open.class, s.load());
        assertEquals(Target.EMBEDDED, s.target());
        List<PhaseSpec> phases = s.server().phases();
        // seed 000's 529s per 1,000 calls at H+0, H+2, H+4, H+6, H+8, H+12, then back to baseline; the rebalance
        // inherits the peak's 30/1000, and H+10 (the slots coming back) H+8's 22/1000
        assertEquals(List.of(0.0004, 0.008, 0.018, 0.030, 0.030, 0.022, 0.022, 0.009, 0.0004), phases.stream().map(PhaseSpec::overload).toList());
        // the rebalance (the failures in one instant that no-jitter clients repeat in one instant) aborts every
        // call in flight, once: abort is not inherited by the phases after it
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0), phases.stream().map(PhaseSpec::abort).toList());
        Duration rebalance = phases.get(4).at();
        assertTrue(rebalance.compareTo(phases.get(3).at()) > 0 && rebalance.compareTo(phases.get(5).at()) < 0,
                "the rebalance falls in the H+6 peak (9 s to 12 s), at " + rebalance);
        assertTrue(rebalance.toMillis() % 1000 != 0, "not on a whole second, where peak amplification's 1 s grid would "
                + "count a full-jitter spread as one wave; at " + rebalance);
        // LLM-like calls: enough of them in flight at the rebalance to make a wave (offered rate x mean service time)
        double offered = ((LoadSpec.Open) s.load()).rateAt(rebalance).perSecond();
        LatencySpec.LogNormal latency = assertInstanceOf(LatencySpec.LogNormal.class, s.server().latency());
        double sigma = (Math.log(latency.p99().toNanos()) - Math.log(latency.p50().toNanos())) / 2.3263;
        double meanServiceSeconds = latency.p50().toNanos() / 1e9 * Math.exp(sigma * sigma / 2);
        double inFlight = offered * meanServiceSeconds;
        assertTrue(inFlight >= 100, "at least 100 calls in flight at the rebalance, expected " + inFlight);
        // it queues and slows before it sheds: enough slots for the launch's load, too few once the rebalance
        // takes its share, and a bounded waiting room in front of them (only a full one sheds)
        int workers = s.server().queueing().workers();
        assertEquals(0, s.server().concurrency(), "slots are workers with a queue, not concurrency that sheds at once");
        assertTrue(workers > inFlight && workers <= 1.5 * inFlight,
                workers + " slots keep up with " + inFlight + " calls in flight with modest headroom");
        double reduced = phases.get(3).capacityFactor();
        assertTrue(workers * reduced < inFlight, "the rebalance leaves " + workers * reduced
                + " slots for " + inFlight + " calls: the queue grows");
        int queue = s.server().queueing().queue();
        assertTrue(queue > 0 && queue < Integer.MAX_VALUE / 2, "a bounded waiting room, got " + queue);
        assertEquals(1.0, phases.getLast().capacityFactor(), "the slots are back before the end");
    }
}
