package dev.stampede.load;

import dev.stampede.policy.PolicyGates;
import dev.stampede.scenario.LoadSpec;

import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;

/**
 * Closed model: {@code clients} virtual threads, each looping request → think → request until the run
 * stops. A request starts when its client is free, so latency is closed-loop (coordinated with the
 * server's pace) and reports label it so. Each client starts after a random part of one think time,
 * U(0, think), drawn from its own random source: as if the run had been going on, instead of every
 * client sending at t=0 (a synchronised start is the herd model's job). With no think time all start at once.
 *
 * <p>With a think time, one starter thread starts each client's thread at that client's first arrival, in order,
 * instead of starting every thread at t=0 to wait there: starting 100,000 threads takes the first second or two, so
 * the arrivals due then came late and all at once, and the threads sat parked for up to a think time
 * (docs/engine.md, "Waiting").
 */
final class ClosedLoad implements LoadDriver {

    private final LoadSpec.Closed spec;

    ClosedLoad(LoadSpec.Closed spec) { this.spec = spec; }

    @Override public void start(Context ctx) {
        long thinkNanos = spec.think().toNanos();
        int clients = spec.clients();
        RandomGenerator[] rngs = new RandomGenerator[clients];
        PolicyGates[] gates = new PolicyGates[clients];
        long[] firstArrival = new long[clients];
        for (int i = 0; i < clients; i++) {
            rngs[i] = ctx.random().split();
            gates[i] = ctx.clientGates();
            firstArrival[i] = thinkNanos > 0 ? rngs[i].nextLong(thinkNanos) : 0;
        }
        if (thinkNanos == 0) {
            for (int i = 0; i < clients; i++) {
                RandomGenerator rng = rngs[i];
                PolicyGates g = gates[i];
                ctx.clientThreads().execute(() -> loop(ctx, rng, g, thinkNanos));
            }
            return;
        }
        Integer[] order = new Integer[clients];
        for (int i = 0; i < clients; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingLong(i -> firstArrival[i]));
        ctx.clientThreads().execute(() -> startInOrder(ctx, order, firstArrival, rngs, gates, thinkNanos));
    }

    /** Starts each client's thread at its first arrival, earliest first, until the arrivals stop. */
    private static void startInOrder(Context ctx, Integer[] order, long[] firstArrival, RandomGenerator[] rngs,
                                     PolicyGates[] gates, long thinkNanos) {
        RunTiming timing = ctx.timing();
        try {
            for (Integer i : order) {
                if (firstArrival[i] > timing.elapsedNanos() && !timing.awaitArrival(firstArrival[i])) return;
                if (timing.arrivals().stopped()) return;
                RandomGenerator rng = rngs[i];
                PolicyGates g = gates[i];
                rngs[i] = null;  // the client's thread holds them from here
                gates[i] = null;
                ctx.clientThreads().execute(() -> loop(ctx, rng, g, thinkNanos));
            }
        } catch (InterruptedException | RejectedExecutionException e) {
            // run over
        }
    }

    private static void loop(Context ctx, RandomGenerator rng, PolicyGates gates, long thinkNanos) {
        RunTiming timing = ctx.timing();
        try {
            while (!timing.arrivals().stopped()) {
                var draw = ctx.request().next();
                if (draw == null) return;  // a data file read once is used up
                long t = timing.elapsedNanos();
                ctx.recorder().arrival(t);
                if (ctx.request().run(draw, t, rng, gates)) return;
                if (thinkNanos > 0 && !timing.awaitArrival(timing.elapsedNanos() + thinkNanos)) return;
            }
        } catch (InterruptedException e) {
            // run over
        }
    }

    @Override public boolean done() { return false; }

    @Override public void awaitStopped() {}
}
