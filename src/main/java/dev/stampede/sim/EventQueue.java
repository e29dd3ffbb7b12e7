package dev.stampede.sim;

import java.util.Arrays;

/**
 * The simulator's agenda: a binary min-heap of events on primitive arrays, ordered by virtual time in
 * nanoseconds and, among equal times, by insertion order (FIFO), so a run never depends on how a heap
 * happens to break ties. An event is a time and one {@code int} payload; nothing is allocated per event
 * once the arrays have grown to the run's peak size.
 *
 * <p>{@link #poll()} enforces the simulator's first law: virtual time never moves backwards. Scheduling an
 * event before the last polled time is a bug in the caller and throws {@link IllegalStateException}.
 *
 * <p>Not thread-safe: one simulated run owns one queue.
 */
final class EventQueue {

    private long[] times;
    private long[] seqs;
    private int[] payloads;
    private int size;
    private long nextSeq;
    private long now;

    private long polledTime;
    private int polledPayload;

    EventQueue(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        times = new long[capacity];
        seqs = new long[capacity];
        payloads = new int[capacity];
    }

    /** Virtual time of the last polled event (0 before the first). */
    long now() { return now; }

    int size() { return size; }

    boolean isEmpty() { return size == 0; }

    /**
     * Schedules {@code payload} at {@code timeNanos}.
     *
     * @throws IllegalStateException when {@code timeNanos} lies before the current virtual time
     */
    void schedule(long timeNanos, int payload) {
        if (timeNanos < now) {
            throw new IllegalStateException("virtual time would move backwards: event at " + timeNanos + " ns scheduled at " + now + " ns");
        }
        if (size == times.length) grow();
        long seq = nextSeq++;
        int i = size++;
        // sift up
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pt = times[parent];
            if (pt < timeNanos || (pt == timeNanos && seqs[parent] < seq)) break;
            times[i] = pt;
            seqs[i] = seqs[parent];
            payloads[i] = payloads[parent];
            i = parent;
        }
        times[i] = timeNanos;
        seqs[i] = seq;
        payloads[i] = payload;
    }

    /**
     * Removes the earliest event; read it with {@link #polledTime()} and {@link #polledPayload()}.
     *
     * @throws IllegalStateException when empty, or when the earliest event lies before the previous one
     */
    void poll() {
        if (size == 0) throw new IllegalStateException("no event left");
        long t = times[0];
        if (t < now) throw new IllegalStateException("virtual time moved backwards: " + t + " ns after " + now + " ns");
        polledTime = t;
        polledPayload = payloads[0];
        now = t;
        int last = --size;
        if (last > 0) siftDown(times[last], seqs[last], payloads[last], last);
    }

    long polledTime() { return polledTime; }

    int polledPayload() { return polledPayload; }

    private void siftDown(long time, long seq, int payload, int n) {
        int i = 0;
        int half = n >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            long ct = times[child];
            if (right < n) {
                long rt = times[right];
                if (rt < ct || (rt == ct && seqs[right] < seqs[child])) {
                    child = right;
                    ct = rt;
                }
            }
            if (time < ct || (time == ct && seq < seqs[child])) break;
            times[i] = ct;
            seqs[i] = seqs[child];
            payloads[i] = payloads[child];
            i = child;
        }
        times[i] = time;
        seqs[i] = seq;
        payloads[i] = payload;
    }

    private void grow() {
        int capacity = times.length * 2;
        times = Arrays.copyOf(times, capacity);
        seqs = Arrays.copyOf(seqs, capacity);
        payloads = Arrays.copyOf(payloads, capacity);
    }
}
