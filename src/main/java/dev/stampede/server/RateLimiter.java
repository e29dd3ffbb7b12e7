package dev.stampede.server;

import dev.stampede.scenario.RateLimitSpec;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A per-key sliding-window rate limit ({@code rateLimit}), shared by the live mock and the simulator: a key may make
 * {@code limit} requests in any {@code window}; a request beyond that is answered 429 with a Retry-After until the
 * oldest request in the key's window leaves it (rounded up to whole seconds, at least 1 s, so the header a live
 * client reads and the hint the simulator hands over are the same number). A refused request does not count.
 * Pure: time is the caller's {@code tNanos} (non-decreasing), no randomness.
 *
 * <p>Memory: per key, the times of the requests still in its window (at most {@code limit}), kept in a ring that
 * grows on demand. Thread-safe: one {@link ReentrantLock} around a few array operations.
 */
public final class RateLimiter {

    /** {@link #arrive}'s answer for a request within the limit. */
    public static final long ADMITTED = -1;

    private static final long SECOND = 1_000_000_000L;
    private static final long[] EMPTY = new long[0];

    private final RateLimitSpec spec;
    private final long windowNanos;
    private final ReentrantLock lock = new ReentrantLock();
    /** Per key: request times in the window, a ring from {@code head}, {@code size} of them. */
    private long[][] times;
    private int[] head;
    private int[] size;

    public RateLimiter(RateLimitSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.windowNanos = spec.window().toNanos();
        restart();
    }

    public RateLimitSpec spec() { return spec; }

    /** The key of a request numbered {@code requestNumber} (the order requests started, from 0): dealt in turn. */
    public int keyOf(long requestNumber) {
        return (int) Math.floorMod(requestNumber, (long) spec.keys());
    }

    /**
     * A request of {@code requestNumber}'s key arrives at {@code tNanos}.
     *
     * @return {@link #ADMITTED} (counted in the key's window), or the Retry-After to send with the 429, in
     *         nanoseconds: whole seconds, {@code >= 1 s}
     */
    public long arrive(long tNanos, long requestNumber) {
        int key = keyOf(requestNumber);
        lock.lock();
        try {
            long[] ring = times[key];
            int h = head[key];
            int n = size[key];
            while (n > 0 && ring[h] + windowNanos <= tNanos) { // left the window
                h = (h + 1) % ring.length;
                n--;
            }
            if (n >= spec.limit()) {
                head[key] = h;
                size[key] = n;
                long waitNanos = ring[h] + windowNanos - tNanos;
                return Math.max(1, Math.ceilDiv(waitNanos, SECOND)) * SECOND;
            }
            if (n == ring.length) { // grow, unrolling the ring
                long[] bigger = new long[(int) Math.min(spec.limit(), Math.max(4L, 2L * ring.length))];
                for (int i = 0; i < n; i++) bigger[i] = ring[(h + i) % ring.length];
                times[key] = ring = bigger;
                h = 0;
            }
            ring[(h + n) % ring.length] = tNanos;
            head[key] = h;
            size[key] = n + 1;
            return ADMITTED;
        } finally {
            lock.unlock();
        }
    }

    /** The clock restarted (the mock's reset): every window is empty again. */
    public void restart() {
        lock.lock();
        try {
            times = new long[spec.keys()][];
            Arrays.fill(times, EMPTY);
            head = new int[spec.keys()];
            size = new int[spec.keys()];
        } finally {
            lock.unlock();
        }
    }
}
