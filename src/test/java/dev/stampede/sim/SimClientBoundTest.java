package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.report.Metric;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.SimSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.stampede.sim.SimScenarios.RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client-bound rule's one condition the simulator can meet (docs/metrics.md, "Generator lag and client-bound
 * runs"): its client has no lag, but it refuses arrivals past {@code maxInFlight}.
 */
class SimClientBoundTest {

    private static RunResult simulate(Scenario scenario) {
        return new Simulator(scenario).run(Strategies.policy("full", scenario.retry()),
                new RunRecorder(Simulator.recorderConfig(scenario, "full"))).result();
    }

    @Test
    void aSimulatedRunThatRefusesMostArrivalsPastMaxInFlightIsClientBound() {
        // 200/s into a server that takes 1 s per request: about 200 would be in flight, the cap is 50
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(3), 5, SimScenarios.open(200, Duration.ofSeconds(3), 50),
                SimScenarios.healthy(Duration.ofSeconds(1)), RETRY, SimSpec.DEFAULT, Duration.ofSeconds(5));
        RunResult r = simulate(s);
        assertNull(r.client(), "the simulator measures no client lag");
        assertTrue(r.requests().refused() > 0.01 * r.requests().started(), "the premise: " + r.requests());
        assertTrue(r.clientBound(), "over 1 % of the arrivals refused by stampede: " + r.requests());
        assertEquals(1.0, Metric.CLIENT_BOUND.of(r), "a clientBound: false threshold fails on it");
    }

    @Test
    void aSimulatedRunWithinMaxInFlightIsNotClientBoundAndItsLagStaysUnknown() {
        // 200/s at 20 ms: about 4 in flight under a cap of 50
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(3), 5, SimScenarios.open(200, Duration.ofSeconds(3), 50),
                SimScenarios.healthy(Duration.ofMillis(20)), RETRY, SimSpec.DEFAULT, Duration.ofSeconds(5));
        RunResult r = simulate(s);
        assertEquals(0, r.requests().refused(), "the premise: nothing refused");
        assertFalse(r.clientBound());
        assertTrue(Double.isNaN(Metric.CLIENT_BOUND.of(r)), "the simulator cannot tell a lag-bound run: unknown, not 0");
    }
}
