package dev.stampede.policy;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Routing that follows signals (seed 000's "Observability" and FAQ): the run-wide rolling counts a policy's chain
 * consults to route requests, beside the per-request streak kept in {@link PolicyGates.Call}.
 * <ul>
 *   <li><b>streak</b> ({@link Streak}): a request leaves its tier for the next after {@code count} consecutive answers
 *       of {@code statuses} on it ("flipped to a fallback model after 3 consecutive 529s on the same prompt"); on
 *       the last tier it keeps to its retry policy.</li>
 *   <li><b>rate</b> ({@link RateSwitch}): while the primary's (tier 0's) answers of {@code statuses} over the rolling
 *       {@code window} exceed {@code perThousand} per 1,000 attempts on it, new requests start on tier
 *       {@code startTier} ("switch fallback chain to Claude-4.6-first at &gt;25" per 1,000 over a rolling minute).
 *       With no attempt on the primary in the window (all traffic switched) the rate is unknown and requests start
 *       on the primary again: the switch probes once per window.</li>
 *   <li><b>fail forward</b> ({@link FailForward}): while the share of gated 2xx answers of fallback tiers (index &ge; 1)
 *       that the quality gate rejected, over the rolling {@code window}, exceeds {@code share}, a request that would
 *       move to a fallback tier fails at once with {@code failForward} instead ("If your quality-gate rejection rate
 *       climbs above ~10% ... serving an explicit 'we're degraded' message").</li>
 * </ul>
 * Windows forget in 60 slices ({@link WindowedCounter}). Times are the caller's nanoseconds.
 *
 * <p>Thread-safe: shared by all clients of a population; a private lock guards a few counter updates.
 */
public final class RoutingSignals {

    /** Slices per window: a 1 minute window forgets second by second. */
    static final int SLICES = 60;

    /**
     * What a policy routes by; each part optional ({@code null}).
     *
     * @param streak      per request: leave the tier after consecutive answers of some statuses
     * @param rate        run-wide: start new requests on a later tier while the primary's rolling rate is high
     * @param failForward run-wide: fail instead of falling back while the fallback tiers' gate rejects too much
     */
    public record Spec(Streak streak, RateSwitch rate, FailForward failForward) {
        /** True when some part is set. */
        public boolean any() { return streak != null || rate != null || failForward != null; }
    }

    /** Leave the tier after {@code count} (&ge; 1) consecutive answers with a status in {@code statuses}. */
    public record Streak(int count, Set<Integer> statuses) {
        public Streak {
            if (count < 1) throw new IllegalArgumentException("streak count must be >= 1, got " + count);
            statuses = Set.copyOf(new TreeSet<>(statuses));
            if (statuses.isEmpty()) throw new IllegalArgumentException("a streak needs at least one status");
        }
    }

    /**
     * Start new requests on tier {@code startTier} (&ge; 1) while more than {@code perThousand} of every 1,000 attempts on
     * the primary over the rolling {@code window} were answered with a status in {@code statuses}.
     */
    public record RateSwitch(double perThousand, Duration window, Set<Integer> statuses, int startTier) {
        public RateSwitch {
            if (!(perThousand >= 0 && perThousand <= 1000)) throw new IllegalArgumentException("perThousand must be in 0..1000, got " + perThousand);
            if (window == null || window.toNanos() < SLICES) throw new IllegalArgumentException("window must be > 0, got " + window);
            if (startTier < 1) throw new IllegalArgumentException("startTier must be >= 1, got " + startTier);
            statuses = Set.copyOf(new TreeSet<>(statuses));
            if (statuses.isEmpty()) throw new IllegalArgumentException("a rate switch needs at least one status");
        }
    }

    /** Fail instead of falling back while more than {@code share} of the fallback tiers' gated answers were rejected. */
    public record FailForward(double share, Duration window) {
        public FailForward {
            if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("share must be in 0..1, got " + share);
            if (window == null || window.toNanos() < SLICES) throw new IllegalArgumentException("window must be > 0, got " + window);
        }
    }

    private final Spec spec;
    private final ReentrantLock lock = new ReentrantLock();
    private final WindowedCounter primaryAttempts;
    private final WindowedCounter primaryHits;
    private final WindowedCounter gatedAnswers;
    private final WindowedCounter rejectedAnswers;

    public RoutingSignals(Spec spec) {
        this.spec = java.util.Objects.requireNonNull(spec, "spec");
        RateSwitch r = spec.rate();
        primaryAttempts = r == null ? null : new WindowedCounter(r.window().toNanos(), SLICES);
        primaryHits = r == null ? null : new WindowedCounter(r.window().toNanos(), SLICES);
        FailForward f = spec.failForward();
        gatedAnswers = f == null ? null : new WindowedCounter(f.window().toNanos(), SLICES);
        rejectedAnswers = f == null ? null : new WindowedCounter(f.window().toNanos(), SLICES);
    }

    public Spec spec() { return spec; }

    /**
     * An attempt on tier {@code tier} ended at {@code nowNanos} with {@code status} (0 for a client-side error).
     *
     * @param gated    a 2xx answer that a quality gate looked at
     * @param rejected of those, one the gate rejected
     */
    public void onAttempt(long nowNanos, int tier, int status, boolean gated, boolean rejected) {
        lock.lock();
        try {
            if (primaryAttempts != null && tier == 0) {
                primaryAttempts.add(nowNanos, 1);
                if (spec.rate().statuses().contains(status)) primaryHits.add(nowNanos, 1);
            }
            if (gatedAnswers != null && tier > 0 && gated) {
                gatedAnswers.add(nowNanos, 1);
                if (rejected) rejectedAnswers.add(nowNanos, 1);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The tier new requests start on at {@code nowNanos}: {@code startTier} while the primary's rate is above the threshold, else 0. */
    public int startTier(long nowNanos) {
        if (primaryAttempts == null) return 0;
        lock.lock();
        try {
            long n = primaryAttempts.sum(nowNanos);
            return n > 0 && primaryHits.sum(nowNanos) * 1000.0 > spec.rate().perThousand() * n ? spec.rate().startTier() : 0;
        } finally {
            lock.unlock();
        }
    }

    /** Whether requests fail forward at {@code nowNanos} instead of moving to a fallback tier. */
    public boolean failingForward(long nowNanos) {
        if (gatedAnswers == null) return false;
        lock.lock();
        try {
            long n = gatedAnswers.sum(nowNanos);
            return n > 0 && rejectedAnswers.sum(nowNanos) > spec.failForward().share() * n;
        } finally {
            lock.unlock();
        }
    }
}
