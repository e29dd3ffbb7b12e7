package dev.stampede.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-interval counters over a run: {@code fields} longs per interval of {@code intervalNanos}, from
 * t = 0, growing as time passes. Lock-free: an increment is one atomic add into the interval's slot
 * (plus one volatile read to find the chunk). Thread-safe.
 */
final class CounterSeries {

    /** How far a series reaches: 31 days of run time, or as far as 2^16 chunks reach for tiny intervals. */
    static final long HORIZON_NANOS = 31L * 24 * 3600 * 1_000_000_000L;
    private static final long MAX_CHUNKS = 1 << 16;

    private final long intervalNanos;
    private final int fields;
    private final GrowingArray<AtomicLongArray> slots;

    CounterSeries(long intervalNanos, int fields) {
        if (intervalNanos <= 0) throw new IllegalArgumentException("intervalNanos must be > 0, got " + intervalNanos);
        this.intervalNanos = intervalNanos;
        this.fields = fields;
        long intervals = Math.min(HORIZON_NANOS / intervalNanos + 1, MAX_CHUNKS * GrowingArray.CHUNK_SIZE);
        this.slots = new GrowingArray<>(intervals, c -> new AtomicLongArray(GrowingArray.CHUNK_SIZE * fields));
    }

    long intervalNanos() { return intervalNanos; }

    /** The interval holding {@code tNanos} (negative times count as 0). */
    long indexOf(long tNanos) { return tNanos <= 0 ? 0 : tNanos / intervalNanos; }

    void add(long tNanos, int field, long delta) {
        long i = indexOf(tNanos);
        slots.chunk(i).getAndAdd(GrowingArray.offset(i) * fields + field, delta);
    }

    void set(long tNanos, int field, long value) {
        long i = indexOf(tNanos);
        slots.chunk(i).set(GrowingArray.offset(i) * fields + field, value);
    }

    long get(long index, int field) {
        AtomicLongArray chunk = slots.existing(index);
        return chunk == null ? 0 : chunk.get(GrowingArray.offset(index) * fields + field);
    }

    /** Intervals touched so far (highest touched index + 1). */
    long length() { return slots.length(); }

    /** One field of every interval in {@code [0, length)}; untouched intervals read 0. */
    long[] column(int field, int length) {
        long[] out = new long[length];
        for (int i = 0; i < length; i++) out[i] = get(i, field);
        return out;
    }
}
