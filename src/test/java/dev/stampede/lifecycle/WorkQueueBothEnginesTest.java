package dev.stampede.lifecycle;

import dev.stampede.load.EngineClock;
import dev.stampede.load.LiveEngine;
import dev.stampede.load.MockServers;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.FailureReason;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A policy's work queue (seed 004 option 3) in both engines: herd clients all enqueue at the start, one worker serves
 * them in order, sleeps the shared backoff after each 529 and puts the request back at the tail; a full queue refuses
 * (at arrival, and when a request comes back from the sleep), and a caller leaves at its deadline. Every step is
 * hundreds of milliseconds apart, so the live engine's order is the simulator's.
 */
class WorkQueueBothEnginesTest {

    /**
     * Three callers, a queue of one: the third is refused; the first (its attempt hangs until its 1 s timeout), back
     * from the worker's sleep, finds the queue full.
     */
    private static final String REFUSALS = """
            name: wq
            duration: 8s
            seed: 5
            request: { path: /v1/messages, timeout: 1s }
            load: { model: herd, clients: 3, requests: 1 }
            server:
              latency: 1ms
              phases: [{ at: 0s, hang: 1.0 }, { at: 1s, hang: 0, errors: { "503": 1.0 } }]
            retry: { maxAttempts: 2, base: 1s, cap: 2s, retryOn: [503, timeout] }
            policies:
              queued: { strategy: none, workQueue: { size: 1, deadline: 30s } }
            strategies: [queued]
            """;

    /**
     * Two callers, 3 s to wait: the first leaves while queued again, the second while its (2 s) attempt is on the
     * wire.
     */
    private static final String DEADLINE = """
            name: wq
            duration: 8s
            seed: 5
            request: { path: /v1/messages, timeout: 5s }
            load: { model: herd, clients: 2, requests: 1 }
            server:
              latency: { fixed: 2s }
              phases: [{ at: 0s, errors: { "503": 1.0 } }, { at: 1s, errors: {} }]
            retry: { maxAttempts: 10, base: 2s, cap: 4s, retryOn: [503] }
            policies:
              queued: { strategy: none, workQueue: { size: 2, deadline: 3s, workers: 1 } }
            strategies: [queued]
            """;

    private record Run(List<String> trace, RunResult result) {}

    private static Run sim(Scenario s) {
        List<String> trace = new ArrayList<>();
        RunResult r = new Simulator(s).run(s.policy("queued"), new RunRecorder(Simulator.recorderConfig(s, "queued")),
                new Simulator.Watch(() -> false, t -> {}, (t, event, action) -> trace.add(Decisions.describe(event, action))))
                .result();
        return new Run(trace, r);
    }

    private static Run live(Scenario s) {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        LiveEngine engine = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start,
                new LiveEngine.Settings(LiveEngine.Settings.DEFAULT.bodyLimitBytes(), Duration.ofSeconds(2),
                        Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofSeconds(1)));
        engine.warmUp(s, () -> false);  // a cold first attempt could take longer than the margins between the steps
        RunResult r = engine.run(s, s.policy("queued"),
                new LiveEngine.Hooks(() -> false, (n, p, snap) -> {}, (t, event, action) -> trace.add(Decisions.describe(event, action))));
        return new Run(List.copyOf(trace), r);
    }

    private static Scenario parse(String yaml) throws Exception {
        return ScenarioLoader.parse(yaml, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
    }

    @Test
    void aFullQueueRefusesAtArrivalAndWhenARequestComesBackFromTheWorkersSleepInBothEngines() throws Exception {
        Scenario s = parse(REFUSALS);
        List<String> expected = List.of(
                "start -> send #1 to tier 0",                 // A: the worker takes it at once; B waits; C:
                "limiterRefused -> fail queueFull",           // the queue of one is full
                "answered -> wait BACKOFF",                   // A: timeout at 1 s, the worker sleeps 1 s holding it
                "limiterRefused -> fail queueFull",           // A comes back to a full queue (B holds the place)
                "start -> send #1 to tier 0",                 // B at 2 s: 503
                "answered -> wait BACKOFF",                   // the shared backoff has doubled: 2 s
                "timerFired -> send #2 to tier 0",            // B back at the tail, taken at once at 4 s
                "answered -> fail exhausted");                // its second and last attempt
        Run sim = sim(s);
        assertEquals(expected, sim.trace());
        Run live = live(s);
        assertEquals(expected, live.trace());
        for (Run r : List.of(sim, live)) {
            assertEquals(3, r.result().attempts());
            assertEquals(2L, r.result().requests().failures().get(FailureReason.QUEUE_FULL.key()));
            assertEquals(1L, r.result().requests().failures().get(FailureReason.EXHAUSTED.key()));
        }
    }

    @Test
    void callersLeaveAtTheirDeadlineFromTheQueueAndWithTheirAttemptOnTheWireInBothEngines() throws Exception {
        Scenario s = parse(DEADLINE);
        List<String> expected = List.of(
                "start -> send #1 to tier 0",                 // A at 0 s; B queued
                "answered -> wait BACKOFF",                   // A: 503 at once, the worker sleeps until 2 s
                "start -> send #1 to tier 0",                 // A back at the tail; B taken at 2 s
                "gaveUp -> fail limiterWait",                 // A's caller leaves at 3 s, A still queued
                "gaveUp -> fail limiterWait");                // B's 200 comes at 4 s, past its deadline
        Run sim = sim(s);
        assertEquals(expected, sim.trace());
        Run live = live(s);
        assertEquals(expected, live.trace());
        for (Run r : List.of(sim, live)) {
            assertEquals(2, r.result().attempts(), "A's placeholder is dropped without an attempt");
            assertEquals(2L, r.result().requests().failures().get(FailureReason.LIMITER_WAIT.key()));
        }
    }

    /** Three callers; the worker sleeps 5 s after the first 503, and the run ends at 1 s without a graceful stop. */
    private static final String STOP = """
            name: wq
            duration: 1s
            gracefulStop: 0s
            seed: 5
            request: { path: /v1/messages, timeout: 5s }
            load: { model: herd, clients: 3, requests: 1 }
            server:
              latency: 1ms
              phases: [{ at: 0s, errors: { "503": 1.0 } }]
            retry: { maxAttempts: 10, base: 5s, cap: 5s, retryOn: [503] }
            policies:
              queued: { strategy: none, workQueue: { size: 5, deadline: 30s } }
            strategies: [queued]
            """;

    @Test
    void theRunsEndCutsOffTheQueuedRequestsAndTheOneTheSleepingWorkerHoldsInBothEngines() throws Exception {
        Scenario s = parse(STOP);
        List<String> expected = List.of(
                "start -> send #1 to tier 0",                 // A; B and C queued
                "answered -> wait BACKOFF",                   // 503: the worker sleeps 5 s holding A
                "cutOff -> fail unfinished (cut off)",        // at 1 s: B and C, in queue order,
                "cutOff -> fail unfinished (cut off)",
                "cutOff -> fail unfinished (cut off)");       // then A
        Run sim = sim(s);
        assertEquals(expected, sim.trace());
        Run live = live(s);
        assertEquals(expected, live.trace());
        for (Run r : List.of(sim, live)) {
            assertEquals(1, r.result().attempts());
            assertEquals(3L, r.result().requests().failures().get(FailureReason.UNFINISHED.key()));
        }
    }
}
