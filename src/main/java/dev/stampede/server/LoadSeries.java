package dev.stampede.server;

import java.util.Arrays;

/**
 * The server's levels over time, integrated per slot of {@code slotNanos}: requests in service (busy worker
 * time), in service for a client that had already stopped waiting (wasted time), waiting, and worker capacity;
 * plus the queue timeouts per slot. {@link #advance} must be called before each level changes, with
 * non-decreasing times (an earlier time integrates nothing, as when threads race to the mock's model).
 *
 * <p>Not thread-safe: {@link OverloadModel} guards it with its lock.
 */
public final class LoadSeries {

    private static final int BUSY = 0, WASTED = 1, QUEUED = 2, WORKERS = 3, STRIDE = 4;

    private final long slotNanos;
    private double[] integrals = new double[64 * STRIDE];
    private long[] timeouts = new long[64];
    private int slots;
    private long lastNanos;
    private long busy, wastedBusy, queued;
    /** Worker capacity in force; {@link Long#MAX_VALUE} when unlimited (no utilisation then). */
    private long workers = Long.MAX_VALUE;
    private boolean finiteWorkers;

    LoadSeries(long slotNanos) {
        if (slotNanos <= 0) throw new IllegalArgumentException("slotNanos must be > 0, got " + slotNanos);
        this.slotNanos = slotNanos;
    }

    /** Integrates the current levels up to {@code tNanos}. */
    void advance(long tNanos) {
        if (tNanos <= lastNanos) return;
        long from = lastNanos;
        lastNanos = tNanos;
        if (busy == 0 && queued == 0 && !finiteWorkers) {
            ensure((int) ((tNanos - 1) / slotNanos));
            return;
        }
        while (from < tNanos) {
            long slot = from / slotNanos;
            long end = Math.min(tNanos, (slot + 1) * slotNanos);
            int base = ensure((int) slot) * STRIDE;
            double dt = end - from;
            integrals[base + BUSY] += busy * dt;
            integrals[base + WASTED] += wastedBusy * dt;
            integrals[base + QUEUED] += queued * dt;
            if (finiteWorkers) integrals[base + WORKERS] += workers * dt;
            from = end;
        }
    }

    void busy(long delta, boolean wasted) {
        busy += delta;
        if (wasted) wastedBusy += delta;
    }

    void queued(long delta) { queued += delta; }

    void workers(long n) {
        workers = n;
        finiteWorkers = n != Long.MAX_VALUE;
    }

    void queueTimeout(long tNanos) {
        timeouts[ensure((int) (Math.max(0, tNanos) / slotNanos))]++;
    }

    private int ensure(int slot) {
        if (slot < 0) return 0;
        if (slot >= timeouts.length) {
            int n = Math.max(slot + 1, timeouts.length * 2);
            timeouts = Arrays.copyOf(timeouts, n);
            integrals = Arrays.copyOf(integrals, n * STRIDE);
        }
        if (slot >= slots) slots = slot + 1;
        return slot;
    }

    /** A copy of the series so far. */
    Snapshot snapshot() {
        return new Snapshot(slotNanos, slots, Arrays.copyOf(integrals, slots * STRIDE), Arrays.copyOf(timeouts, slots), finiteWorkersEver);
    }

    private boolean finiteWorkersEver;

    /** Marks the series as having a finite worker count (utilisation defined). */
    void hasWorkers() { finiteWorkersEver = true; }

    /**
     * The series cut into slots of {@code slotNanos}: integrals in request-nanoseconds, queue timeouts as counts.
     * Immutable once made.
     */
    public record Snapshot(long slotNanos, int slots, double[] integrals, long[] timeouts, boolean finiteWorkers) {

        public static final Snapshot EMPTY = new Snapshot(1, 0, new double[0], new long[0], false);

        /** Busy worker time in {@code [fromSlot, toSlot)}, in nanoseconds. */
        public double busyNanos(int fromSlot, int toSlot) { return sum(fromSlot, toSlot, BUSY); }

        /** Busy time spent for clients that had stopped waiting, in nanoseconds. */
        public double wastedNanos(int fromSlot, int toSlot) { return sum(fromSlot, toSlot, WASTED); }

        /** Request-nanoseconds spent waiting in the queue. */
        public double queuedNanos(int fromSlot, int toSlot) { return sum(fromSlot, toSlot, QUEUED); }

        /** Worker-nanoseconds available (workers × time), 0 when workers are unlimited. */
        public double workerNanos(int fromSlot, int toSlot) { return sum(fromSlot, toSlot, WORKERS); }

        public long timeouts(int fromSlot, int toSlot) {
            long n = 0;
            for (int i = Math.max(0, fromSlot); i < Math.min(slots, toSlot); i++) n += timeouts[i];
            return n;
        }

        private double sum(int fromSlot, int toSlot, int field) {
            double s = 0;
            for (int i = Math.max(0, fromSlot); i < Math.min(slots, toSlot); i++) s += integrals[i * STRIDE + field];
            return s;
        }

        /** This series and {@code o} (same slot length) added slot by slot: the routes of one server. */
        public Snapshot plus(Snapshot o) {
            if (o.slots == 0) return this;
            if (slots == 0) return o;
            int n = Math.max(slots, o.slots);
            double[] in = new double[n * STRIDE];
            long[] to = new long[n];
            for (int i = 0; i < slots * STRIDE; i++) in[i] += integrals[i];
            for (int i = 0; i < o.slots * STRIDE; i++) in[i] += o.integrals[i];
            for (int i = 0; i < slots; i++) to[i] += timeouts[i];
            for (int i = 0; i < o.slots; i++) to[i] += o.timeouts[i];
            return new Snapshot(slotNanos, n, in, to, finiteWorkers || o.finiteWorkers);
        }
    }
}
