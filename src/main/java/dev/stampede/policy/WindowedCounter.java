package dev.stampede.policy;

/**
 * A count of events over a sliding window, kept in {@code slices} equal slices (as Finagle's
 * {@code WindowedAdder}). An event stays counted while fewer than {@code slices} slice boundaries have
 * passed since it, so it is forgotten between {@code window − window/slices} and {@code window} after
 * it happened. Slices are aligned to 0 on the caller's clock.
 *
 * <p>Times that go backwards (a live thread read the clock, then lost the lock to a later one) are
 * counted in the newest slice. Not thread-safe: owners lock around it. O(1) amortised per call.
 */
final class WindowedCounter {

    private final long sliceNanos;
    private final long[] counts;
    private long newestSlice;
    private boolean started;
    private long total;

    WindowedCounter(long windowNanos, int slices) {
        if (slices < 1) throw new IllegalArgumentException("slices must be >= 1, got " + slices);
        if (windowNanos < slices) {
            throw new IllegalArgumentException("window must be at least one nanosecond per slice, got " + windowNanos + " ns for " + slices + " slices");
        }
        this.sliceNanos = windowNanos / slices;
        this.counts = new long[slices];
    }

    /** Adds {@code n} events at {@code nowNanos}. */
    void add(long nowNanos, long n) {
        advance(nowNanos);
        counts[slot(newestSlice)] += n;
        total += n;
    }

    /** Events in the window that ends at {@code nowNanos}. */
    long sum(long nowNanos) {
        advance(nowNanos);
        return total;
    }

    private void advance(long nowNanos) {
        long slice = Math.floorDiv(nowNanos, sliceNanos);
        if (!started) {
            started = true;
            newestSlice = slice;
            return;
        }
        if (slice <= newestSlice) return;
        long steps = slice - newestSlice;
        if (steps >= counts.length) {
            java.util.Arrays.fill(counts, 0);
            total = 0;
        } else {
            for (long s = 1; s <= steps; s++) {
                int slot = slot(newestSlice + s);
                total -= counts[slot];
                counts[slot] = 0;
            }
        }
        newestSlice = slice;
    }

    private int slot(long slice) { return (int) Math.floorMod(slice, (long) counts.length); }
}
