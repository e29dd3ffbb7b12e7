package dev.stampede.server;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded server's ledger of executions per logical request, shared by the live mock and the simulator so that
 * both apply one rule. A logical request is known by its idempotency key, or by the identifier stampede adds for
 * the embedded server when no key is configured; an attempt with neither is untracked (its own logical request).
 *
 * <h2>The rule</h2>
 * <ul>
 *   <li>An <em>execution</em> is an attempt whose service ran to its end at the server: the side effect happened
 *       (a charge, a message). Attempts shed, failed by a fault, aborted by a phase, dropped by a queue timeout or
 *       cancelled with {@code cancelAbandoned} did not execute.</li>
 *   <li>A <em>duplicate execution</em> is every execution of a logical request after its first: a retry of an attempt
 *       the server had already completed, or an attempt completed after its client gave up and retried. Counted when
 *       it completes ({@link #completed} returns true).</li>
 *   <li>With {@code server.idempotency: true}, {@link #admit} decides before the server model sees the attempt: a key
 *       whose work completed gets the stored answer again (a <em>replay</em>: 200 at once, no service, no capacity);
 *       a key whose work is still in progress (admitted and not yet answered: in service or waiting for a worker)
 *       gets 409 at once (a <em>conflict</em>, as Stripe answers a concurrent request with the same key); otherwise
 *       the attempt goes on to the model. Only work that started holds the key: a shed or failed attempt leaves it
 *       free, so a later retry does the work.</li>
 * </ul>
 *
 * <p>Cost: one {@link Entry} per logical request seen, kept for the run (the live mock: until its clock restarts;
 * the simulator: while the request or an attempt of it is alive). In the mock that is the key's text plus a map
 * entry, about 150 bytes per logical request (a run of 100,000 logical requests: about 15 MB).
 *
 * <p>Thread-safe: every method takes the instance's {@link ReentrantLock} (not a monitor, so a virtual thread of the
 * mock never pins its carrier) for a few operations.
 */
public final class Executions {

    /** What the server does with an arriving attempt before its model decides. */
    public enum Admission {
        /** The model decides (always, without {@code server.idempotency}, or for an untracked attempt). */
        PROCEED,
        /** The key's work completed: answer its stored 200 again, without doing the work. */
        REPLAY,
        /** The key's work is in progress: answer 409 at once. */
        CONFLICT
    }

    /** One logical request's record. Its fields are guarded by the owning ledger's lock. */
    public static final class Entry {
        private int inProgress;
        private int completed;
        private boolean degraded;

        /** Executions completed so far. */
        public int completed() { return completed; }

        /** Whether the stored answer (the first completed execution's) was a degraded 200. */
        public boolean degradedAnswer() { return degraded; }
    }

    private final boolean honour;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> byKey = new HashMap<>();
    private long duplicates;
    private long replayed;
    private long conflicts;

    /** @param honour the server honours idempotency keys ({@code server.idempotency}) */
    public Executions(boolean honour) {
        this.honour = honour;
    }

    /** Whether the server honours idempotency keys. */
    public boolean honours() { return honour; }

    /** The entry of the logical request known by {@code key}, created at first sight; {@code null} for a {@code null} key. */
    public Entry entry(String key) {
        if (key == null) return null;
        lock.lock();
        try {
            return byKey.computeIfAbsent(key, k -> new Entry());
        } finally {
            lock.unlock();
        }
    }

    /** A fresh entry not kept in the key map: the caller holds it (the simulator keeps one per logical request). */
    public static Entry newEntry() { return new Entry(); }

    /**
     * An attempt of {@code entry}'s logical request arrives ({@code null}: untracked). For {@link Admission#REPLAY} and
     * {@link Admission#CONFLICT} the caller answers at once and tells the model nothing.
     */
    public Admission admit(Entry entry) {
        if (entry == null || !honour) return Admission.PROCEED;
        lock.lock();
        try {
            if (entry.completed > 0) {
                replayed++;
                return Admission.REPLAY;
            }
            if (entry.inProgress > 0) {
                conflicts++;
                return Admission.CONFLICT;
            }
            return Admission.PROCEED;
        } finally {
            lock.unlock();
        }
    }

    /** The model admitted an attempt of {@code entry} (served now or waiting for a worker): its work is in progress. */
    public void began(Entry entry) {
        if (entry == null) return;
        lock.lock();
        try {
            entry.inProgress++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * An attempt of {@code entry} that {@link #began} completed its service: one more execution.
     *
     * @param degraded its answer was a degraded 200 (stored for replays of the first execution)
     * @return true when this execution is a duplicate (the logical request had completed before)
     */
    public boolean completed(Entry entry, boolean degraded) {
        if (entry == null) return false;
        lock.lock();
        try {
            if (entry.inProgress > 0) entry.inProgress--;
            if (entry.completed++ == 0) {
                entry.degraded = degraded;
                return false;
            }
            duplicates++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** An attempt of {@code entry} that {@link #began} ended without completing (aborted, timed out in the queue, cancelled). */
    public void ended(Entry entry) {
        if (entry == null) return;
        lock.lock();
        try {
            if (entry.inProgress > 0) entry.inProgress--;
        } finally {
            lock.unlock();
        }
    }

    /** Duplicate executions so far. */
    public long duplicates() {
        lock.lock();
        try { return duplicates; } finally { lock.unlock(); }
    }

    /** Attempts answered from the store without work ({@link Admission#REPLAY}). */
    public long replayed() {
        lock.lock();
        try { return replayed; } finally { lock.unlock(); }
    }

    /** Attempts answered 409 because their key's work was in progress ({@link Admission#CONFLICT}). */
    public long conflicts() {
        lock.lock();
        try { return conflicts; } finally { lock.unlock(); }
    }

    /** Logical requests known by key (the mock's memory cost). */
    public int keys() {
        lock.lock();
        try { return byKey.size(); } finally { lock.unlock(); }
    }
}
