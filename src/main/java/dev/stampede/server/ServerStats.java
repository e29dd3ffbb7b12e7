package dev.stampede.server;

import dev.stampede.metrics.ServerView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The mock's counters for one run (from a phase-clock start to the next): totals, plus a timeline kept at
 * {@link #RESOLUTION_NANOS} resolution so that {@link #view} can cut it into any interval that is a multiple
 * of it. Thread-safe and lock-free on the recording path ({@link LongAdder}s and atomic arrays).
 */
final class ServerStats {

    /** Timeline resolution: 10 ms. Intervals asked of {@link #view} are rounded to a multiple of it. */
    static final long RESOLUTION_NANOS = 10_000_000L;

    /** What one model-served request counted as. */
    enum Kind { ADMITTED, SHED, FORCED, ERROR, RESET, HANG }

    private static final int FIELDS = 6; // received, admitted, shed, forced, errors(+faults), duplicates
    private static final int CHUNK_SLOTS = 1024;

    private final LongAdder received = new LongAdder();
    private final LongAdder admitted = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private final LongAdder forced = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder hangs = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLongArray> timeline = new ConcurrentHashMap<>();

    /** Counts one model-served request at {@code tNanos} since the run started ({@code tNanos >= 0}). */
    void record(long tNanos, Kind kind, int status) {
        received.increment();
        int field = switch (kind) {
            case ADMITTED -> { admitted.increment(); yield 1; }
            case SHED -> { shed.increment(); yield 2; }
            case FORCED -> { forced.increment(); yield 3; }
            case ERROR -> { errors.computeIfAbsent(status, s -> new LongAdder()).increment(); yield 4; }
            case RESET -> { resets.increment(); yield 4; }
            case HANG -> { hangs.increment(); yield 4; }
        };
        long slot = Math.max(0, tNanos) / RESOLUTION_NANOS;
        AtomicLongArray chunk = timeline.computeIfAbsent(slot / CHUNK_SLOTS, c -> new AtomicLongArray(CHUNK_SLOTS * FIELDS));
        int base = (int) (slot % CHUNK_SLOTS) * FIELDS;
        chunk.incrementAndGet(base);
        chunk.incrementAndGet(base + field);
    }

    /**
     * A phase aborted, at {@code tNanos}, a request in service that was counted admitted when it arrived (a server
     * with workers decides aborts at the phase start): one more forced 529, not one more request received.
     */
    void abortedLater(long tNanos) {
        forced.increment();
        long slot = Math.max(0, tNanos) / RESOLUTION_NANOS;
        AtomicLongArray chunk = timeline.computeIfAbsent(slot / CHUNK_SLOTS, c -> new AtomicLongArray(CHUNK_SLOTS * FIELDS));
        chunk.incrementAndGet((int) (slot % CHUNK_SLOTS) * FIELDS + 3);
    }

    /** A duplicate execution completed at {@code tNanos} ({@link Executions}); not a request received. */
    void duplicate(long tNanos) {
        duplicates.increment();
        long slot = Math.max(0, tNanos) / RESOLUTION_NANOS;
        AtomicLongArray chunk = timeline.computeIfAbsent(slot / CHUNK_SLOTS, c -> new AtomicLongArray(CHUNK_SLOTS * FIELDS));
        chunk.incrementAndGet((int) (slot % CHUNK_SLOTS) * FIELDS + 5);
    }

    /** A request answered from the idempotency store at {@code tNanos}: received and admitted (answered 200 without work). */
    void replayed(long tNanos) {
        record(tNanos, Kind.ADMITTED, 200);
        replayed.increment();
    }

    /** A request answered {@code status} (409) at {@code tNanos} because its key's work was in progress: an error. */
    void conflict(long tNanos, int status) {
        record(tNanos, Kind.ERROR, status);
        conflicts.increment();
    }

    long duplicates() { return duplicates.sum(); }

    long replayedCount() { return replayed.sum(); }

    long conflicts() { return conflicts.sum(); }

    long received() { return received.sum(); }

    /**
     * Totals and a timeline from time zero to the last slot with any event (or {@code untilNanos}, if later).
     * Each interval's {@code errors} counts every scripted fault: error statuses, resets and hangs, so that
     * received = admitted + shed + forced529 + errors in every interval.
     */
    ServerView view(long intervalNanos, long untilNanos) {
        return view(intervalNanos, untilNanos, LoadSeries.Snapshot.EMPTY);
    }

    /** As {@link #view(long, long)}, with the model's load series ({@code load}, in slots of {@link #RESOLUTION_NANOS}). */
    ServerView view(long intervalNanos, long untilNanos, LoadSeries.Snapshot load) {
        if (intervalNanos <= 0) throw new IllegalArgumentException("intervalNanos must be > 0, got " + intervalNanos);
        long slotsPerInterval = Math.max(1, Math.round((double) intervalNanos / RESOLUTION_NANOS));
        long lastSlot = Math.max(0, untilNanos) / RESOLUTION_NANOS;
        for (Map.Entry<Long, AtomicLongArray> e : timeline.entrySet()) {
            AtomicLongArray chunk = e.getValue();
            for (int i = CHUNK_SLOTS - 1; i >= 0; i--) {
                if (chunk.get(i * FIELDS) != 0) {
                    lastSlot = Math.max(lastSlot, e.getKey() * CHUNK_SLOTS + i);
                    break;
                }
            }
        }
        long intervals = lastSlot / slotsPerInterval + 1;
        List<ServerView.Interval> out = new ArrayList<>((int) Math.min(intervals, 1 << 20));
        for (long k = 0; k < intervals; k++) {
            long[] sum = new long[FIELDS];
            for (long s = k * slotsPerInterval; s < (k + 1) * slotsPerInterval; s++) {
                AtomicLongArray chunk = timeline.get(s / CHUNK_SLOTS);
                if (chunk == null) { s = (s / CHUNK_SLOTS + 1) * CHUNK_SLOTS - 1; continue; }
                int base = (int) (s % CHUNK_SLOTS) * FIELDS;
                for (int f = 0; f < FIELDS; f++) sum[f] += chunk.get(base + f);
            }
            int from = (int) Math.min(Integer.MAX_VALUE, k * slotsPerInterval);
            int to = (int) Math.min(Integer.MAX_VALUE, (k + 1) * slotsPerInterval);
            double len = (double) slotsPerInterval * RESOLUTION_NANOS;
            out.add(new ServerView.Interval(k * slotsPerInterval * RESOLUTION_NANOS / 1e9,
                    sum[0], sum[1], sum[2], sum[3], sum[4],
                    load.busyNanos(from, to) / len, load.queuedNanos(from, to) / len, load.busyNanos(from, to) / 1e9,
                    load.wastedNanos(from, to) / 1e9, load.workerNanos(from, to) / 1e9, load.timeouts(from, to), sum[5]));
        }
        return new ServerView(received.sum(), admitted.sum(), shed.sum(), forced.sum(), errorTotals(),
                resets.sum(), hangs.sum(), List.copyOf(out), load.timeouts(0, Integer.MAX_VALUE),
                load.busyNanos(0, Integer.MAX_VALUE) / 1e9, load.wastedNanos(0, Integer.MAX_VALUE) / 1e9,
                duplicates.sum(), replayed.sum(), conflicts.sum());
    }

    /** The totals only (an empty timeline): cheap, for a live exporter read at every scrape. */
    ServerView totals() {
        return new ServerView(received.sum(), admitted.sum(), shed.sum(), forced.sum(), errorTotals(), resets.sum(),
                hangs.sum(), List.of(), 0, 0, 0, duplicates.sum(), replayed.sum(), conflicts.sum());
    }

    Map<Integer, Long> errorTotals() {
        Map<Integer, Long> m = new TreeMap<>();
        errors.forEach((status, n) -> m.put(status, n.sum()));
        return java.util.Collections.unmodifiableMap(m);
    }
}
