package dev.stampede.load;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.policy.PolicyGates;

import java.util.concurrent.ExecutorService;
import java.util.random.RandomGenerator;

/**
 * Offers one load model's requests during a run (one file per model, as k6 has one executor per model).
 * {@link #start} returns at once; the run's stop signal ends the offering.
 */
sealed interface LoadDriver permits OpenLoad, ClosedLoad, HerdLoad {

    /**
     * What a driver works with: the run's time frame, the request runner, the recorder, the client threads,
     * the seeded random source, and the run's budget and breaker gates ({@code null} when the scenario has none).
     */
    record Context(RunTiming timing, LogicalRequest request, RunRecorder recorder, ExecutorService clientThreads,
                   RandomGenerator.SplittableGenerator random, PolicyGates gates) {

        /** The gates one client of a closed or herd model sees: the shared breaker, its own budget. */
        PolicyGates clientGates() { return gates == null ? null : gates.forClient(); }
    }

    /** Starts offering load; returns at once. */
    void start(Context ctx);

    /** True when a finite workload has completed before the duration ended. */
    boolean done();

    /** After the stop: waits for the driver's own threads (not the clients'). */
    void awaitStopped() throws InterruptedException;
}
