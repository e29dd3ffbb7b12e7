package dev.stampede.cli;

import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated run of hours keeps what grows with its length only where an output needs it: one latency histogram per
 * simulated second only for {@code --json} or {@code --hgrm} (they write them), none for the table alone.
 */
class LongSimMemoryTest {

    private static final String TWO_HOURS = """
            name: two-hours
            duration: 2h
            seed: 3
            target: embedded
            request: { method: GET, path: /, timeout: 10s }
            load: { rate: 1/s }
            server:
              capacity: 10/s
              latency: { p50: 20ms, p99: 80ms }
              phases:
                - { at: 0s, overload: 0.0004 }
                - { at: 1h, overload: 0.05 }
                - { at: 90m, overload: 0.0004 }
            retry: { maxAttempts: 3, base: 1s, cap: 10s }
            strategies: [full]
            sim: { interval: 1m }
            """;

    private static RunResult run(boolean intervalHistograms) throws Exception {
        Scenario s = ScenarioLoader.parse(TWO_HOURS, "two-hours.yaml", Set.copyOf(Strategies.names()), Map.of());
        return SimCommand.engine(null, intervalHistograms).run(s, "full", () -> false, (name, planned, snapshots) -> { });
    }

    private static RunResult runWithout(String duration, String simLine) throws Exception {
        String yaml = TWO_HOURS.replace("duration: 2h", "duration: " + duration).replace("load: { rate: 1/s }", "load: { rate: 0.2/s }")
                .replace("sim: { interval: 1m }\n", simLine);
        if (!duration.endsWith("h")) yaml = yaml.replace("at: 1h", "at: 10m").replace("at: 90m", "at: 20m");
        Scenario s = ScenarioLoader.parse(yaml, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        return SimCommand.engine(null, false).run(s, "full", () -> false, (name, planned, snapshots) -> { });
    }

    @Test
    void withoutSimIntervalARunOfHoursKeepsOneSecondIntervalsAndAShortOneKeepsHundredMilliseconds() throws Exception {
        RunResult hours = runWithout("2h", "");
        assertEquals(1.0, hours.timeline().get(1).startSeconds(), 1e-9, "1 s intervals past an hour");
        assertTrue(hours.timeline().size() <= 7_200 + 2, "about 7,200 intervals, not 72,000: " + hours.timeline().size());
        RunResult half = runWithout("30m", "");
        assertEquals(0.1, half.timeline().get(1).startSeconds(), 1e-9, "100 ms up to an hour");
        RunResult given = runWithout("2h", "sim: { interval: 100ms }\n");
        assertEquals(0.1, given.timeline().get(1).startSeconds(), 1e-9, "a given interval is kept, however long the run");
        assertEquals(hours.requests().succeeded(), given.requests().succeeded(), "the interval changes no figure");
        assertEquals(hours.peakAmplification(), given.peakAmplification(), 1e-12);
        assertEquals(hours.synchrony(), given.synchrony(), 1e-12);
    }

    @Test
    void aTableOnlyRunOfTwoSimulatedHoursKeepsNoPerSecondLatencyHistograms() throws Exception {
        RunResult r = run(false);
        assertEquals(7_200, r.requests().started(), 1_000, "about an hour's 3,600 requests twice over");
        assertEquals(0, r.histograms().requestIntervals().size(), "no request histogram per second");
        assertEquals(0, r.histograms().attemptIntervals().size(), "no attempt histogram per second");
        assertTrue(r.histograms().request().getTotalCount() >= r.requests().succeeded(),
                "the whole run's histogram still holds every finished request");
    }

    @Test
    void aRunWhoseJsonOrHgrmWritesThemKeepsOneHistogramPerSimulatedSecond() throws Exception {
        RunResult r = run(true);
        assertTrue(r.histograms().requestIntervals().size() >= 7_200, "one per second of the 2 h: "
                + r.histograms().requestIntervals().size());
        assertEquals(run(false).request().p99(), r.request().p99(), "the figures do not depend on them");
    }
}
