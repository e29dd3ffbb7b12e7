package dev.stampede.sim;

import dev.stampede.lifecycle.RequestLifecycle;
import dev.stampede.retry.AttemptOutcome;

import java.util.Arrays;

/**
 * Per-request state of every logical request in flight, as parallel arrays indexed by a slot number,
 * so that a million concurrent requests cost a few arrays rather than a million objects. Slots are
 * recycled (lowest free first is not promised; a LIFO free list), and every array grows on demand.
 *
 * <p>Times are virtual nanoseconds since the run started. Not thread-safe: one run owns one table.
 */
final class RequestTable {

    /** When its current attempt went on the wire. */
    long[] attemptSentNanos;
    /** The slot's request's lifecycle (retries, gates, fallback), or {@code null} between a client's requests. */
    RequestLifecycle[] lifecycle;
    /** How the current attempt ended, set when the server answers and read when the answer arrives. */
    AttemptOutcome[] outcome;
    /** The OCC version the current attempt read. */
    long[] readVersion;
    /** Herd model: requests the slot's client still has to make after the current one. */
    int[] remaining;
    boolean[] active;
    /** The population the slot's request (or client) belongs to; 0 in a plain run. */
    int[] population;
    /** The server route of the current attempt (-1: the top-level model). */
    int[] route;
    /** The current attempt was admitted with a degraded answer. */
    boolean[] degraded;
    /** The slot's current request's number, in the order requests started (a rate limit's API key follows it). */
    long[] number;
    /** The request holds a slot of its population's concurrency limit. */
    boolean[] holdsSlot;
    /** The request waits in its population's concurrency-limit queue. */
    boolean[] queued;
    /** What the slot's request sends (its template, data row, variables); {@code null} between requests. */
    dev.stampede.scenario.RequestDraws.Draw[] draw;
    /** Its template's per-attempt timeout. */
    long[] timeoutNanos;
    /** The body size in bytes of its current attempt (for a server model whose work grows with it). */
    int[] bodyBytes;
    /** The slot's logical request's executions at the server, created with its first attempt; {@code null} before. */
    dev.stampede.server.Executions.Entry[] execution;

    private int[] free;
    private int freeCount;
    private int used;

    RequestTable(int initialCapacity) {
        int c = Math.max(16, initialCapacity);
        attemptSentNanos = new long[c];
        lifecycle = new RequestLifecycle[c];
        outcome = new AttemptOutcome[c];
        readVersion = new long[c];
        remaining = new int[c];
        active = new boolean[c];
        population = new int[c];
        route = new int[c];
        degraded = new boolean[c];
        number = new long[c];
        holdsSlot = new boolean[c];
        queued = new boolean[c];
        draw = new dev.stampede.scenario.RequestDraws.Draw[c];
        timeoutNanos = new long[c];
        bodyBytes = new int[c];
        execution = new dev.stampede.server.Executions.Entry[c];
        free = new int[c];
    }

    /** Slots handed out so far (the high-water mark); slots are {@code 0 .. used()-1}. */
    int used() { return used; }

    /** A free slot, marked active. */
    int allocate() {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == active.length) grow();
            slot = used++;
        }
        active[slot] = true;
        return slot;
    }

    /** Returns {@code slot} to the free list; its state is dropped. */
    void release(int slot) {
        active[slot] = false;
        lifecycle[slot] = null;
        outcome[slot] = null;
        holdsSlot[slot] = false;
        queued[slot] = false;
        degraded[slot] = false;
        execution[slot] = null; // attempts still at the server keep their own reference
        if (freeCount == free.length) free = Arrays.copyOf(free, free.length * 2);
        free[freeCount++] = slot;
    }

    private void grow() {
        int c = active.length * 2;
        attemptSentNanos = Arrays.copyOf(attemptSentNanos, c);
        lifecycle = Arrays.copyOf(lifecycle, c);
        outcome = Arrays.copyOf(outcome, c);
        readVersion = Arrays.copyOf(readVersion, c);
        remaining = Arrays.copyOf(remaining, c);
        active = Arrays.copyOf(active, c);
        population = Arrays.copyOf(population, c);
        route = Arrays.copyOf(route, c);
        degraded = Arrays.copyOf(degraded, c);
        number = Arrays.copyOf(number, c);
        holdsSlot = Arrays.copyOf(holdsSlot, c);
        queued = Arrays.copyOf(queued, c);
        draw = Arrays.copyOf(draw, c);
        timeoutNanos = Arrays.copyOf(timeoutNanos, c);
        bodyBytes = Arrays.copyOf(bodyBytes, c);
        execution = Arrays.copyOf(execution, c);
    }
}
