package dev.stampede.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A lock-free array of lazily created chunks, indexed by a non-negative {@code long}, that grows as
 * higher indexes are touched. Two levels (a fixed directory of chunk slots, each chunk created on
 * first use by compare-and-set) so that a run may overrun its nominal duration without a resize
 * pause or a lock. Thread-safe; the fast path of {@link #chunk} is one volatile read.
 *
 * @param <C> the chunk type (an {@code AtomicLongArray} of counters, an array of histograms…)
 */
final class GrowingArray<C> {

    /** Indexes per chunk, as a power of two. */
    static final int CHUNK_BITS = 10;
    static final int CHUNK_SIZE = 1 << CHUNK_BITS;

    private final AtomicReferenceArray<C> directory;
    private final IntFunction<C> newChunk;
    private final AtomicLong highestIndex = new AtomicLong(-1);

    /**
     * @param capacity the highest index + 1 that may ever be touched (rounded up to whole chunks)
     * @param newChunk creates the chunk with the given chunk number
     */
    GrowingArray(long capacity, IntFunction<C> newChunk) {
        long chunks = Math.max(1, (capacity + CHUNK_SIZE - 1) >>> CHUNK_BITS);
        if (chunks > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("capacity too large: " + capacity);
        this.directory = new AtomicReferenceArray<>((int) chunks);
        this.newChunk = newChunk;
    }

    /** Indexes this array can hold. */
    long capacity() { return (long) directory.length() << CHUNK_BITS; }

    /**
     * The chunk holding {@code index}, created if absent; marks {@code index} as touched.
     *
     * @throws IllegalArgumentException when {@code index} is beyond {@link #capacity()}
     */
    C chunk(long index) {
        long c = index >>> CHUNK_BITS;
        if (c >= directory.length()) {
            throw new IllegalArgumentException("index " + index + " beyond the recorder's horizon of " + capacity());
        }
        if (index > highestIndex.get()) highestIndex.accumulateAndGet(index, Math::max);
        C chunk = directory.get((int) c);
        if (chunk != null) return chunk;
        C fresh = newChunk.apply((int) c);
        C raced = directory.compareAndExchange((int) c, null, fresh);
        return raced == null ? fresh : raced;
    }

    /** The chunk holding {@code index} if it exists, without creating it. */
    C existing(long index) {
        long c = index >>> CHUNK_BITS;
        return c >= directory.length() ? null : directory.get((int) c);
    }

    /** Highest index touched + 1 (0 when none). */
    long length() { return highestIndex.get() + 1; }

    static int offset(long index) { return (int) (index & (CHUNK_SIZE - 1)); }
}
