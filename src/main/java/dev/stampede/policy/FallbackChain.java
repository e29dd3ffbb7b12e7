package dev.stampede.policy;

import dev.stampede.retry.RetryPolicy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * An ordered list of targets to try (seeds 000, 001, 004: three model endpoints, preferred first), each
 * optionally guarded by its own {@link CircuitBreaker}. {@link #first} and {@link #next} skip tiers
 * whose breaker refuses (without taking a half-open probe; the caller asks the breaker for a permit
 * before each attempt) and return empty when the chain is exhausted. {@link #served} records which
 * tier answered, for the "fallback share" the seeds report. A tier may answer locally instead of
 * calling a target ({@link LocalAnswer}: seed 004's cached and static answers); such a tier has no
 * breaker and always answers, so it is normally the last.
 *
 * <p>Thread safety: shared by all clients of a run; it holds only the breakers (themselves shared)
 * and lock-free counters. The current tier of a request travels with the request as a {@link Tier}.
 */
public final class FallbackChain {

    /**
     * An answer a tier gives locally, without a call (seed 004 options 4 and 5). The request then ends
     * {@code degraded}: the user got an answer, but not the service's; neither a success nor a failure.
     */
    public enum LocalAnswer {
        /** A cached earlier answer (seed 004 option 4's LRU cache). */
        CACHED("cached"),
        /** A canned answer (seed 004 option 5's static patterns, option 4's "degraded" message). */
        STATIC("static");

        private final String key;

        LocalAnswer(String key) { this.key = key; }

        /** The name in YAML and reports, and the tier's target in the chain's counts. */
        public String key() { return key; }
    }

    /**
     * One tier as configured.
     *
     * @param target      a path or URL, as the engine resolves targets; for a local tier, its answer's key
     * @param breaker     the tier's own circuit breaker, or {@code null} (always {@code null} for a local tier)
     * @param local       the answer a local tier gives without a call, or {@code null} for a tier that calls {@code target}
     * @param retryPolicy the tier's own backoff and attempt limit, or {@code null} for the policy's (seed 000 calls its
     *                    last tier once, without retries)
     * @param ownGate     {@code true} when {@code gate} replaces the policy's quality gate on this tier's answers
     * @param gate        the tier's own gate when {@code ownGate}; {@code null} there means none (seed 000's GPT-5
     *                    answer is returned unchecked)
     */
    public record TierSpec(String target, CircuitBreaker.Spec breaker, LocalAnswer local, RetryPolicy retryPolicy,
                           boolean ownGate, QualityGate gate) {
        public TierSpec {
            if (target == null || target.isBlank()) throw new IllegalArgumentException("a fallback tier needs a target (path or URL)");
            if (local != null && breaker != null) throw new IllegalArgumentException("a local tier (" + local.key() + ") cannot fail, so it has no breaker");
            if (!ownGate && gate != null) throw new IllegalArgumentException("a tier without its own gate cannot carry one");
        }

        /** A tier that calls {@code target} with its own retries and gate. */
        public TierSpec(String target, CircuitBreaker.Spec breaker, RetryPolicy retryPolicy, boolean ownGate, QualityGate gate) {
            this(target, breaker, null, retryPolicy, ownGate, gate);
        }

        /** A tier with the policy's retries and gate; {@code local} as above. */
        public TierSpec(String target, CircuitBreaker.Spec breaker, LocalAnswer local) {
            this(target, breaker, local, null, false, null);
        }

        /** A tier that calls {@code target}. */
        public TierSpec(String target, CircuitBreaker.Spec breaker) { this(target, breaker, null); }

        public static TierSpec of(String target) { return new TierSpec(target, null); }

        /** A tier that answers locally with {@code answer}. */
        public static TierSpec local(LocalAnswer answer) { return new TierSpec(answer.key(), null, answer); }

        /** This tier with its target replaced (engines resolve paths); a local tier keeps its own. */
        public TierSpec withTarget(String newTarget) {
            return local != null ? this : new TierSpec(newTarget, breaker, local, retryPolicy, ownGate, gate);
        }

        /** This tier guarded by {@code spec} when it has no breaker of its own and can fail (a local tier cannot). */
        public TierSpec withDefaultBreaker(CircuitBreaker.Spec spec) {
            return breaker != null || local != null ? this : new TierSpec(target, spec, local, retryPolicy, ownGate, gate);
        }
    }

    /** A tier as a request holds it: its position (0 = primary) and target. */
    public record Tier(int index, String target) {}

    /** Why a request left a tier. */
    public enum Reason {
        /** The tier's retries were used up (or it failed with a status the caller falls back on). */
        GAVE_UP,
        /** The tier's breaker refused (skipped, or refused at the attempt). */
        CIRCUIT_OPEN,
        /** The tier answered 2xx but the quality gate rejected the body. */
        QUALITY_GATE,
        /** An attempt failed with a status or error kind of the policy's {@code fallbackOn}: moved on without retrying. */
        FALLBACK_ON
    }

    /**
     * Counts so far.
     *
     * @param targets   the tiers' targets, in order
     * @param served    requests served by each tier
     * @param left      per tier, how many times a request left it, by reason
     * @param exhausted requests for which the chain ran out of tiers
     */
    public record Stats(List<String> targets, long[] served, List<Map<Reason, Long>> left, long exhausted) {
        public Stats {
            targets = List.copyOf(targets);
            served = served.clone();
            left = List.copyOf(left);
        }

        /** Requests served by all tiers. */
        public long totalServed() { return Arrays.stream(served).sum(); }

        /** Share of served requests that a fallback tier (index ≥ 1) served; 0 when none was served. */
        public double fallbackShare() {
            long total = totalServed();
            return total == 0 ? 0.0 : (total - served[0]) / (double) total;
        }

        @Override public boolean equals(Object o) {
            return o instanceof Stats s && targets.equals(s.targets) && Arrays.equals(served, s.served) && left.equals(s.left) && exhausted == s.exhausted;
        }

        @Override public int hashCode() { return 31 * (31 * targets.hashCode() + Arrays.hashCode(served)) + left.hashCode() + Long.hashCode(exhausted); }

        @Override public String toString() {
            return "Stats[targets=" + targets + ", served=" + Arrays.toString(served) + ", left=" + left + ", exhausted=" + exhausted + "]";
        }
    }

    private final List<Tier> tiers;
    private final List<TierSpec> specs;
    private final List<CircuitBreaker> breakers;
    private final List<LocalAnswer> locals;
    private final AtomicLongArray served;
    private final AtomicLongArray left;
    private final LongAdder exhausted = new LongAdder();

    /** @throws IllegalArgumentException when {@code specs} is empty */
    public FallbackChain(List<TierSpec> specs) {
        if (specs.isEmpty()) throw new IllegalArgumentException("a fallback chain needs at least one tier");
        List<Tier> t = new ArrayList<>();
        List<CircuitBreaker> b = new ArrayList<>();
        List<LocalAnswer> l = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            TierSpec spec = specs.get(i);
            t.add(new Tier(i, spec.target()));
            b.add(spec.breaker() == null ? null : new CircuitBreaker(spec.breaker()));
            l.add(spec.local());
        }
        this.tiers = List.copyOf(t);
        this.specs = List.copyOf(specs);
        this.breakers = java.util.Collections.unmodifiableList(b);
        this.locals = java.util.Collections.unmodifiableList(l);
        this.served = new AtomicLongArray(specs.size());
        this.left = new AtomicLongArray(specs.size() * Reason.values().length);
    }

    /** The tiers, in order. */
    public List<Tier> tiers() { return tiers; }

    /** How {@code tier} was configured (its own retry policy and gate, if any). */
    public TierSpec spec(Tier tier) { return specs.get(tier.index()); }

    /** How the tier at {@code index} was configured. */
    public TierSpec spec(int index) { return specs.get(index); }

    /** The breaker guarding {@code tier}, if it has one. */
    public Optional<CircuitBreaker> breaker(Tier tier) { return Optional.ofNullable(breakers.get(tier.index())); }

    /** The answer {@code tier} gives locally, if it is a local tier. */
    public Optional<LocalAnswer> local(Tier tier) { return Optional.ofNullable(locals.get(tier.index())); }

    /** The first tier whose breaker does not refuse at {@code nowNanos}; empty (counted as exhausted) when none. */
    public Optional<Tier> first(long nowNanos) { return from(0, nowNanos); }

    /**
     * The first tier from {@code index} on whose breaker does not refuse (a request routed past the primary); empty
     * (counted as exhausted) when none.
     */
    public Optional<Tier> firstFrom(int index, long nowNanos) { return from(Math.min(index, tiers.size() - 1), nowNanos); }

    /**
     * The tier to try after leaving {@code current} for {@code reason}: the next one whose breaker does
     * not refuse; empty (counted as exhausted) when none is left.
     */
    public Optional<Tier> next(Tier current, long nowNanos, Reason reason) {
        countLeft(current.index(), reason);
        return from(current.index() + 1, nowNanos);
    }

    /** Records that {@code tier} served a request. */
    public void served(Tier tier) { served.incrementAndGet(tier.index()); }

    /** A snapshot of the counts (not atomic across tiers while requests run). */
    public Stats stats() {
        long[] s = new long[tiers.size()];
        List<Map<Reason, Long>> l = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            s[i] = served.get(i);
            Map<Reason, Long> byReason = new EnumMap<>(Reason.class);
            for (Reason r : Reason.values()) byReason.put(r, left.get(i * Reason.values().length + r.ordinal()));
            l.add(java.util.Collections.unmodifiableMap(byReason));
        }
        return new Stats(tiers.stream().map(Tier::target).toList(), s, l, exhausted.sum());
    }

    private Optional<Tier> from(int index, long nowNanos) {
        for (int i = index; i < tiers.size(); i++) {
            CircuitBreaker b = breakers.get(i);
            if (b == null || !b.refuses(nowNanos)) return Optional.of(tiers.get(i));
            countLeft(i, Reason.CIRCUIT_OPEN);
        }
        exhausted.increment();
        return Optional.empty();
    }

    private void countLeft(int tier, Reason reason) { left.incrementAndGet(tier * Reason.values().length + reason.ordinal()); }
}
