package dev.stampede.load;

import dev.stampede.policy.PolicyGates;
import dev.stampede.scenario.LoadSpec;

import java.util.random.RandomGenerator;

/**
 * Closed model: {@code clients} virtual threads, each looping request → think → request until the run
 * stops. A request starts when its client is free, so latency is closed-loop (coordinated with the
 * server's pace) and reports label it so. Each client starts after a random part of one think time,
 * U(0, think), drawn from its own random source: as if the run had been going on, instead of every
 * client sending at t=0 (a synchronised start is the herd model's job). With no think time all start at once.
 */
final class ClosedLoad implements LoadDriver {

    private final LoadSpec.Closed spec;

    ClosedLoad(LoadSpec.Closed spec) { this.spec = spec; }

    @Override public void start(Context ctx) {
        long thinkNanos = spec.think().toNanos();
        for (int i = 0; i < spec.clients(); i++) {
            RandomGenerator rng = ctx.random().split();
            PolicyGates gates = ctx.clientGates();
            ctx.clientThreads().execute(() -> loop(ctx, rng, gates, thinkNanos));
        }
    }

    private static void loop(Context ctx, RandomGenerator rng, PolicyGates gates, long thinkNanos) {
        RunTiming timing = ctx.timing();
        try {
            if (thinkNanos > 0 && !timing.awaitArrival(rng.nextLong(thinkNanos))) return;
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
