package dev.stampede.lifecycle;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.policy.FallbackChain;
import dev.stampede.policy.PolicyGates;
import dev.stampede.policy.PolicySpec;
import dev.stampede.retry.RetryPolicy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The rules every logical request of one population follows, shared by its {@link RequestLifecycle}s: the
 * retry policy (backoff and attempt limit), the pause before a fallback tier, where the events are recorded,
 * the run's {@link Horizon} and its attempt ids. Build one per population and run; thread-safe (the live
 * engine's client threads share it).
 */
public final class Lifecycle {

    private final RetryPolicy policy;
    private final long fallbackPauseNanos;
    private final RunRecorder recorder;
    private final Horizon horizon;
    private final AtomicLong attemptIds;
    private final Trace trace;

    /** Told every event a request's lifecycle handled and the action it returned (tests compare engines with it). */
    @FunctionalInterface
    public interface Trace {
        /** Sees nothing. */
        Trace NONE = (nowNanos, event, action) -> {};

        /** {@code event} (the method's name, e.g. {@code answered}) at {@code nowNanos} gave {@code action}. */
        void step(long nowNanos, String event, RequestLifecycle.Action action);
    }

    public Lifecycle(RetryPolicy policy, long fallbackPauseNanos, RunRecorder recorder, Horizon horizon, AtomicLong attemptIds) {
        this(policy, fallbackPauseNanos, recorder, horizon, attemptIds, Trace.NONE);
    }

    /**
     * @param policy             the backoff and attempt limit (per tier: a new tier starts a fresh retry state)
     * @param fallbackPauseNanos pause before the first attempt on a fallback tier, {@code >= 0}
     * @param recorder           where every step of every request goes
     * @param horizon            the run's: shared by every population of the run
     * @param attemptIds         the run's attempt id counter: shared by every population, so ids are run-unique
     * @param trace              told every step, from the thread that drives the request
     */
    public Lifecycle(RetryPolicy policy, long fallbackPauseNanos, RunRecorder recorder, Horizon horizon, AtomicLong attemptIds,
                     Trace trace) {
        if (fallbackPauseNanos < 0) throw new IllegalArgumentException("fallbackPauseNanos must be >= 0, got " + fallbackPauseNanos);
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
        this.fallbackPauseNanos = fallbackPauseNanos;
        this.recorder = java.util.Objects.requireNonNull(recorder, "recorder");
        this.horizon = java.util.Objects.requireNonNull(horizon, "horizon");
        this.attemptIds = java.util.Objects.requireNonNull(attemptIds, "attemptIds");
        this.trace = java.util.Objects.requireNonNull(trace, "trace");
    }

    public RetryPolicy policy() { return policy; }

    public long fallbackPauseNanos() { return fallbackPauseNanos; }

    public RunRecorder recorder() { return recorder; }

    public Horizon horizon() { return horizon; }

    /**
     * A new logical request, not started yet ({@link RequestLifecycle#start}).
     *
     * @param gates         its budget, throttle, breakers, chain and gate as its client sees them, or {@code null} for none
     * @param rng           its random source (backoff jitter, the throttle's draws); the simulator shares one per run
     * @param intendedNanos its intended start (the corrected latency counts from it)
     * @param nowNanos      now: it enters its engine (a concurrency limit's queue, or its first attempt)
     */
    public RequestLifecycle request(PolicyGates gates, RandomGenerator rng, long intendedNanos, long nowNanos) {
        return new RequestLifecycle(this, gates, rng, intendedNanos, nowNanos);
    }

    /**
     * A new logical request of request template {@code template} (its figures are broken down per template when
     * {@code template >= 0}), retried by {@code policy} (the population's, or the template's override of it).
     */
    public RequestLifecycle request(PolicyGates gates, RandomGenerator rng, long intendedNanos, long nowNanos,
                                    RetryPolicy policy, int template) {
        return new RequestLifecycle(this, gates, rng, intendedNanos, nowNanos, policy, template);
    }

    long nextAttemptId() { return attemptIds.getAndIncrement(); }

    RequestLifecycle.Action traced(long nowNanos, String event, RequestLifecycle.Action action) {
        trace.step(nowNanos, event, action);
        return action;
    }

    /**
     * Whether a policy needs {@link PolicyGates} at all: without a budget, throttle, breaker, chain or gate, requests
     * skip them (millions of simulated clients stay cheap).
     */
    public static boolean needsGates(PolicySpec spec) {
        return spec.budget() != null || spec.throttle() != null || spec.breaker() != null || !spec.chain().isEmpty()
                || spec.gate() != null || spec.routing() != null;
    }

    /**
     * A policy's run-wide gates, fresh, or {@code null} when it needs none ({@link #needsGates}). Tier 0 is
     * {@code primaryTarget}; each fallback tier's target is mapped through {@code tierTarget} (the live engine
     * turns paths into URLs on its base; the simulator keeps them).
     */
    public static PolicyGates gates(PolicySpec spec, String primaryTarget, UnaryOperator<String> tierTarget) {
        if (!needsGates(spec)) return null;
        List<FallbackChain.TierSpec> tiers = spec.chain().stream()
                .map(t -> t.withTarget(tierTarget.apply(t.target())))
                .toList();
        return PolicyGates.forRun(spec.withChain(tiers), primaryTarget);
    }
}
