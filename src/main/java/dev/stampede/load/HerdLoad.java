package dev.stampede.load;

import dev.stampede.policy.PolicyGates;
import dev.stampede.scenario.LoadSpec;

import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;

/**
 * Thundering herd: {@code clients} virtual threads all start at t=0, each making {@code requests} requests
 * back to back. A finite workload: the run ends when every client is done (or at the duration cap), and
 * the completion time is reported.
 */
final class HerdLoad implements LoadDriver {

    private final LoadSpec.Herd spec;
    private final CountDownLatch remaining;

    HerdLoad(LoadSpec.Herd spec) {
        this.spec = spec;
        this.remaining = new CountDownLatch(spec.clients());
    }

    @Override public void start(Context ctx) {
        for (int i = 0; i < spec.clients(); i++) {
            RandomGenerator rng = ctx.random().split();
            PolicyGates gates = ctx.clientGates();
            ctx.clientThreads().execute(() -> {
                try {
                    for (int r = 0; r < spec.requests() && !ctx.timing().arrivals().stopped(); r++) {
                        var draw = ctx.request().next();
                        if (draw == null) return;  // a data file read once is used up
                        long t = ctx.timing().elapsedNanos();
                        ctx.recorder().arrival(t);
                        if (ctx.request().run(draw, t, rng, gates)) return;
                    }
                } finally {
                    remaining.countDown();
                }
            });
        }
    }

    @Override public boolean done() { return remaining.getCount() == 0; }

    @Override public void awaitStopped() {}
}
