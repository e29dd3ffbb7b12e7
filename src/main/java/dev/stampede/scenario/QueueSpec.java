package dev.stampede.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * The embedded server's waiting room and load-dependent slowdown ({@code server.workers}, {@code queue},
 * {@code discipline}, {@code queueTimeout}, {@code contention}, {@code cancelAbandoned}). {@link #NONE} (every key
 * absent) keeps the ideal server: shed at once, service time independent of load.
 *
 * @param workers         requests served at once, 0 for unlimited (then nothing ever waits); scaled by a phase's
 *                        {@code capacityFactor}
 * @param queue           requests that may wait for a worker; {@link #UNBOUNDED} when {@code workers} is set and
 *                        {@code queue} is not; an arrival finding it full is shed (529)
 * @param discipline      which waiting request a freed worker takes
 * @param queueTimeout    a request that has waited this long is dropped with a 529, or {@code null} for never
 * @param contention      added to a request's service time per request already in service when it starts
 *                        (a linear coherence cost), scaled by the phase's {@code latencyFactor}; zero for none
 * @param cancelAbandoned the server learns when a client stops waiting and drops the work (queued: removed;
 *                        in service: the worker is freed)
 */
public record QueueSpec(int workers, int queue, Discipline discipline, Duration queueTimeout, Duration contention,
                        boolean cancelAbandoned) {

    /** Which waiting request a freed worker takes: the oldest (FIFO) or the newest (LIFO). */
    public enum Discipline { FIFO, LIFO }

    /** A queue without a length limit. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /** No waiting room, no contention, nothing cancelled: today's ideal server. */
    public static final QueueSpec NONE = new QueueSpec(0, 0, Discipline.FIFO, null, Duration.ZERO, false);

    public QueueSpec {
        Objects.requireNonNull(discipline, "discipline");
        contention = contention == null ? Duration.ZERO : contention;
        if (workers < 0) throw new IllegalArgumentException("workers must be >= 0, got " + workers);
        if (queue < 0) throw new IllegalArgumentException("queue must be >= 0, got " + queue);
        if (queue > 0 && workers == 0) throw new IllegalArgumentException("queue needs workers");
        if (contention.isNegative()) throw new IllegalArgumentException("contention must be >= 0, got " + contention);
        if (queueTimeout != null && !queueTimeout.isPositive()) throw new IllegalArgumentException("queueTimeout must be > 0, got " + queueTimeout);
    }

    /** Whether any key is set: the server then runs the event-driven model (docs/mock.md, "Order of the checks"). */
    public boolean active() {
        return workers > 0 || !contention.isZero() || cancelAbandoned;
    }

    /** {@code workers × capacityFactor} rounded down, at least 1 unless the factor is 0; {@link Integer#MAX_VALUE} for unlimited. */
    public long workersAt(double capacityFactor) {
        if (workers == 0) return Long.MAX_VALUE;
        if (capacityFactor <= 0) return 0;
        return Math.max(1, (long) Math.floor(workers * capacityFactor));
    }
}
