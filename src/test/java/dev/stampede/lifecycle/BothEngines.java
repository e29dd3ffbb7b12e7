package dev.stampede.lifecycle;

import dev.stampede.load.EngineClock;
import dev.stampede.load.LiveEngine;
import dev.stampede.load.MockServers;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.Scenario;
import dev.stampede.sim.Simulator;

import java.time.Duration;
import java.time.InstantSource;

/** One row of a scenario run in each engine, for tests that compare the two engines' results. */
final class BothEngines {

    private BothEngines() {}

    /** Row {@code row} of {@code s}, live against the embedded mock (2 s drain, short warm-up and grace). */
    static RunResult live(Scenario s, String row) {
        return live(s, row, Lifecycle.Trace.NONE);
    }

    /** As {@link #live(Scenario, String)}, every lifecycle step shown to {@code trace} (from the clients' threads). */
    static RunResult live(Scenario s, String row, Lifecycle.Trace trace) {
        LiveEngine engine = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start,
                new LiveEngine.Settings(LiveEngine.Settings.DEFAULT.bodyLimitBytes(), Duration.ofSeconds(2),
                        Duration.ofMillis(500), Duration.ofMillis(20), Duration.ZERO));
        return engine.run(s, s.policy(row), new LiveEngine.Hooks(() -> false, (n, p, snap) -> {}, trace));
    }

    /** Row {@code row} of {@code s}, simulated. */
    static RunResult simulated(Scenario s, String row) {
        return simulated(s, row, Lifecycle.Trace.NONE);
    }

    /** As {@link #simulated(Scenario, String)}, every lifecycle step shown to {@code trace}. */
    static RunResult simulated(Scenario s, String row, Lifecycle.Trace trace) {
        return new Simulator(s).run(s.policy(row), new RunRecorder(Simulator.recorderConfig(s, row)),
                new Simulator.Watch(() -> false, t -> {}, trace)).result();
    }
}
