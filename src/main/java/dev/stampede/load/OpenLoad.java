package dev.stampede.load;

import dev.stampede.scenario.ArrivalSchedule;
import dev.stampede.scenario.LoadSpec;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Open model: one pacer thread sleeps until each intended start of the {@link ArrivalSchedule} and hands
 * the request to a new virtual thread, whatever the responses. An arrival that finds {@code maxInFlight}
 * requests unfinished, or the connection limit's waiting line full ({@link LogicalRequest#connectionsFull}; the
 * arrivals whose thread has not started yet count as waiting), is
 * recorded as {@code clientSaturated} and not sent — never delayed, so the offered load stays honest. A pacer that falls behind launches late arrivals at once; their latency still counts
 * from the intended start (no coordinated omission).
 */
final class OpenLoad implements LoadDriver {

    private final LoadSpec.Open spec;
    private final long durationNanos;
    private final long offsetNanos;
    private final long arrivalSeed;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Requests handed to a client thread that has not started yet: they will ask for a connection. */
    private final AtomicInteger unstarted = new AtomicInteger();
    private final AtomicLong launched = new AtomicLong();
    private final AtomicLong saturated = new AtomicLong();
    private Thread pacer;

    OpenLoad(LoadSpec.Open spec, long durationNanos) {
        this(spec, durationNanos, 0);
    }

    /**
     * @param offsetNanos every arrival comes this much later (arrivals pushed past the duration are dropped): a
     *                    mixed run's populations interleave instead of arriving at the same instants
     */
    OpenLoad(LoadSpec.Open spec, long durationNanos, long offsetNanos) {
        this(spec, durationNanos, offsetNanos, 0);
    }

    /** @param arrivalSeed seed of Poisson arrivals ({@link ArrivalSchedule#seedFor}); unused for uniform ones */
    OpenLoad(LoadSpec.Open spec, long durationNanos, long offsetNanos, long arrivalSeed) {
        this.arrivalSeed = arrivalSeed;
        this.spec = spec;
        this.durationNanos = durationNanos;
        this.offsetNanos = offsetNanos;
    }

    @Override public void start(Context ctx) {
        // A platform thread: the OS schedules it even when every carrier is busy with client threads.
        pacer = Thread.ofPlatform().name("stampede-pacer").daemon(true).start(() -> pace(ctx));
    }

    /** The pacing loop; runs on the calling thread (tests call it directly on a virtual clock). */
    void pace(Context ctx) {
        ArrivalSchedule schedule = new ArrivalSchedule(spec, durationNanos, arrivalSeed);
        for (long next = schedule.next(); next >= 0 && next + offsetNanos < durationNanos; next = schedule.next()) {
            long t = next + offsetNanos;
            try {
                if (!ctx.timing().awaitArrival(t)) return;
            } catch (InterruptedException e) {
                return;
            }
            // no arrival is left once a data file read once is used up
            dev.stampede.scenario.RequestDraws.Draw draw = ctx.request().next();
            if (draw == null) return;
            // Split before the saturation check: the k-th arrival gets the k-th stream whatever happened before.
            RandomGenerator rng = ctx.random().split();
            ctx.recorder().pacerLag(t, ctx.timing().elapsedNanos() - t);
            ctx.recorder().arrival(t);
            // also when every connection is busy and as many requests wait for one (docs/engine.md, "Connections")
            if (inFlight.get() >= spec.maxInFlight() || ctx.request().connectionsFull(unstarted.get())) {
                ctx.recorder().saturated(t);
                ctx.timing().requestEnded(t);
                saturated.incrementAndGet();
                continue;
            }
            inFlight.incrementAndGet();
            unstarted.incrementAndGet();
            long intendedNanos = t;
            try {
                ctx.clientThreads().execute(() -> {
                    unstarted.decrementAndGet();
                    try {
                        ctx.request().run(draw, intendedNanos, rng, ctx.gates());
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
                launched.incrementAndGet();
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet();
                unstarted.decrementAndGet();
                return;  // the run is shutting down
            }
        }
    }

    @Override public boolean done() { return false; }

    @Override public void awaitStopped() throws InterruptedException {
        if (pacer != null) pacer.join();
    }

    /** Requests handed to a client thread so far. */
    long launched() { return launched.get(); }

    /** Arrivals refused because maxInFlight requests were unfinished or the connections' waiting line was full. */
    long saturated() { return saturated.get(); }
}
