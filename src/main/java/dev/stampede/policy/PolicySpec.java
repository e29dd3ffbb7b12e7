package dev.stampede.policy;

import dev.stampede.scenario.PolicyDef;
import dev.stampede.scenario.RetrySpec;

import dev.stampede.scenario.ErrorKind;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a client policy has beyond its backoff, every part optional ({@code null}, or an empty chain).
 * Immutable; {@link PolicyGates#forRun} turns it into state.
 *
 * @param budget          retry budget, or {@code null}
 * @param budgetScope     one budget per client, or one shared by all clients of a run
 * @param throttle        adaptive throttling, or {@code null}
 * @param throttleScope   one throttle per client (the SRE design), or one shared
 * @param breaker         circuit breaker of the target, and of every chain tier that has none of its own; or {@code null}
 * @param limiter         concurrency limit shared by all clients of a run, or {@code null}; engines build it
 *                        themselves ({@link ConcurrencyLimiter} in the simulator, {@link BlockingConcurrencyLimiter} live)
 * @param chain           fallback tiers after the run's own target (which is always tier 0); empty for none
 * @param gate            quality gate for 2xx bodies, or {@code null}
 * @param failureStatuses statuses that count as failures for breakers and budgets (client errors always do);
 *                        other non-2xx statuses (400 …) are neither success nor failure for them
 * @param fallbackOn      outcomes that move to the next tier at once, without retrying on the tier
 * @param failureErrors   client error kinds that count as failures for breakers and budgets (default: all; seed 004
 *                        option 2's breaker records none)
 * @param routing         routing that follows signals (streak, rolling rate, fail forward), or {@code null}
 */
public record PolicySpec(
        RetryBudget.Spec budget,
        Scope budgetScope,
        AdaptiveThrottle.Spec throttle,
        Scope throttleScope,
        CircuitBreaker.Spec breaker,
        ConcurrencyLimiter.Spec limiter,
        List<FallbackChain.TierSpec> chain,
        QualityGate gate,
        Set<Integer> failureStatuses,
        FallbackOn fallbackOn,
        Set<ErrorKind> failureErrors,

        RoutingSignals.Spec routing) {

    /** Whether a stateful part belongs to one client or to the whole run. */
    public enum Scope { PER_CLIENT, SHARED }

    /**
     * Statuses by which a backend signals overload; an answer with any other status counts as accepted
     * for {@link AdaptiveThrottle}. Client errors (timeout, reset, connect …) are not accepts either.
     */
    public static final Set<Integer> OVERLOAD_STATUSES = Set.of(429, 503, 529);

    /** Every client error kind: the default {@link #failureErrors}. */
    public static final Set<ErrorKind> ALL_ERRORS = Set.copyOf(EnumSet.allOf(ErrorKind.class));

    /** No budget, throttle, breaker, limiter, chain or gate; failures are the default retry statuses. */
    public static final PolicySpec NONE = new PolicySpec(null, null, null, null, null, null, List.of(), null, null);

    /** A policy without {@code fallbackOn}, {@code failOnErrors} or signal routing. */
    public PolicySpec(RetryBudget.Spec budget, Scope budgetScope, AdaptiveThrottle.Spec throttle, Scope throttleScope,
                      CircuitBreaker.Spec breaker, ConcurrencyLimiter.Spec limiter, List<FallbackChain.TierSpec> chain,
                      QualityGate gate, Set<Integer> failureStatuses) {
        this(budget, budgetScope, throttle, throttleScope, breaker, limiter, chain, gate, failureStatuses, FallbackOn.NONE, null, null);
    }

    /** A policy without signal routing. */
    public PolicySpec(RetryBudget.Spec budget, Scope budgetScope, AdaptiveThrottle.Spec throttle, Scope throttleScope,
                      CircuitBreaker.Spec breaker, ConcurrencyLimiter.Spec limiter, List<FallbackChain.TierSpec> chain,
                      QualityGate gate, Set<Integer> failureStatuses, FallbackOn fallbackOn, Set<ErrorKind> failureErrors) {
        this(budget, budgetScope, throttle, throttleScope, breaker, limiter, chain, gate, failureStatuses, fallbackOn, failureErrors, null);
    }

    public PolicySpec {
        fallbackOn = fallbackOn == null ? FallbackOn.NONE : fallbackOn;
        failureErrors = failureErrors == null ? ALL_ERRORS : failureErrors.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(failureErrors));
        budgetScope = budgetScope == null ? Scope.PER_CLIENT : budgetScope;
        throttleScope = throttleScope == null ? Scope.PER_CLIENT : throttleScope;
        chain = chain == null ? List.of() : List.copyOf(chain);
        failureStatuses = failureStatuses == null ? RetrySpec.DEFAULT_STATUSES : Set.copyOf(new TreeSet<>(failureStatuses));
        for (int s : failureStatuses) {
            if (s < 100 || s > 999) throw new IllegalArgumentException("failureStatuses must be HTTP statuses (100..999), got " + s);
            if (s >= 200 && s < 300) throw new IllegalArgumentException("failureStatuses must not contain a 2xx status (use the quality gate), got " + s);
        }
    }

    /** The parts the scenario's {@code retry:} block already has: {@code budget} (per client) and {@code circuitBreaker}. */
    public static PolicySpec from(RetrySpec retry) {
        return new PolicySpec(
                retry.budget() == null ? null : TokenBucketBudget.Spec.from(retry.budget()), Scope.PER_CLIENT,
                null, null,
                retry.circuitBreaker() == null ? null : CircuitBreaker.Spec.from(retry.circuitBreaker()),
                null, List.of(), null, retry.retryStatuses());
    }

    /**
     * A scenario's policy ({@code policies:} entry, or a bare strategy via {@code PolicyDef.bare}) as mechanism specs.
     * The throttle keeps SRE's granularity of one slice per second (at most 3600 slices).
     */
    public static PolicySpec from(PolicyDef def) {
        RetryBudget.Spec budget = def.budget() == null ? null : switch (def.budget()) {
            case PolicyDef.Budget.TokenBucket b -> new TokenBucketBudget.Spec(b.ratio(), b.burst());
            case PolicyDef.Budget.Grpc g -> new GrpcRetryThrottle.Spec(g.maxTokens(), g.tokenRatio());
            case PolicyDef.Budget.Aws a -> new AwsRetryQuota.Spec(a.capacity(), a.retryCost(), a.timeoutRetryCost(), a.noRetryIncrement());
            case PolicyDef.Budget.Window w -> new WindowedRetryBudget.Spec(w.percent(), w.minPerSecond(), w.window(),
                    (int) Math.max(1, Math.min(3600, w.window().toSeconds())));
        };
        AdaptiveThrottle.Spec throttle = def.throttle() == null ? null : new AdaptiveThrottle.Spec(def.throttle().window(),
                def.throttle().k(), (int) Math.max(1, Math.min(3600, def.throttle().window().toSeconds())));
        ConcurrencyLimiter.Spec limiter = def.concurrency() == null ? null : new ConcurrencyLimiter.Spec(def.concurrency().limit(),
                def.concurrency().queue(), def.concurrency().maxWait(), def.concurrency().perAttempt());
        List<FallbackChain.TierSpec> chain = def.fallback().stream()
                .map(t -> t.local() != null ? FallbackChain.TierSpec.local(localAnswer(t.local()))
                        : new FallbackChain.TierSpec(t.target(), breaker(t.breaker()),
                                t.strategy() == null && t.retry() == null ? null : dev.stampede.retry.Strategies.policy(
                                        t.strategy() != null ? t.strategy() : def.strategy(), t.retry() != null ? t.retry() : def.retry()),
                                t.ownGate(), gate(t.gate()))).toList();
        QualityGate gate = gate(def.qualityGate());
        return new PolicySpec(budget, scope(def.budget() == null ? null : def.budget().scope()), throttle,
                scope(def.throttle() == null ? null : def.throttle().scope()), breaker(def.breaker()), limiter, chain, gate,
                def.failureStatuses(), new FallbackOn(def.fallbackOnStatuses(), def.fallbackOnErrors(),
                        def.fallbackAfter() == null ? null : new FallbackOn.After(def.fallbackAfter().statuses(), def.fallbackAfter().errors())), def.failureErrors(),
                routing(def.routing()));
    }

    private static FallbackChain.LocalAnswer localAnswer(PolicyDef.LocalAnswer a) {
        return switch (a) {
            case CACHED -> FallbackChain.LocalAnswer.CACHED;
            case STATIC -> FallbackChain.LocalAnswer.STATIC;
        };
    }

    private static RoutingSignals.Spec routing(PolicyDef.Routing r) {
        if (r == null) return null;
        return new RoutingSignals.Spec(
                r.streak() == null ? null : new RoutingSignals.Streak(r.streak().count(), r.streak().statuses()),
                r.rate() == null ? null : new RoutingSignals.RateSwitch(r.rate().perThousand(), r.rate().window(),
                        r.rate().statuses(), r.rate().startTier()),
                r.failForward() == null ? null : new RoutingSignals.FailForward(r.failForward().share(), r.failForward().window()));
    }

    private static QualityGate gate(PolicyDef.Gate g) {
        return g == null ? null : new QualityGate(g.minLength(), g.requiredMarker(), g.forbiddenMarker());
    }

    private static CircuitBreaker.Spec breaker(PolicyDef.Breaker b) {
        return b == null ? null : new CircuitBreaker.Spec(b.failures(), b.open(), b.probes(), b.halfOpenAll());
    }

    private static Scope scope(PolicyDef.Scope s) {
        return s == PolicyDef.Scope.SHARED ? Scope.SHARED : Scope.PER_CLIENT;
    }

    public PolicySpec withBudget(RetryBudget.Spec spec, Scope scope) {
        return new PolicySpec(spec, scope, throttle, throttleScope, breaker, limiter, chain, gate, failureStatuses, fallbackOn, failureErrors, routing);
    }

    public PolicySpec withThrottle(AdaptiveThrottle.Spec spec, Scope scope) {
        return new PolicySpec(budget, budgetScope, spec, scope, breaker, limiter, chain, gate, failureStatuses, fallbackOn, failureErrors, routing);
    }

    public PolicySpec withBreaker(CircuitBreaker.Spec spec) {
        return new PolicySpec(budget, budgetScope, throttle, throttleScope, spec, limiter, chain, gate, failureStatuses, fallbackOn, failureErrors, routing);
    }

    public PolicySpec withLimiter(ConcurrencyLimiter.Spec spec) {
        return new PolicySpec(budget, budgetScope, throttle, throttleScope, breaker, spec, chain, gate, failureStatuses, fallbackOn, failureErrors, routing);
    }

    public PolicySpec withChain(List<FallbackChain.TierSpec> tiers) {
        return new PolicySpec(budget, budgetScope, throttle, throttleScope, breaker, limiter, tiers, gate, failureStatuses, fallbackOn, failureErrors, routing);
    }

    public PolicySpec withGate(QualityGate qualityGate) {
        return new PolicySpec(budget, budgetScope, throttle, throttleScope, breaker, limiter, chain, qualityGate, failureStatuses, fallbackOn, failureErrors, routing);
    }

    public PolicySpec withFallbackOn(FallbackOn rule) {
        return new PolicySpec(budget, budgetScope, throttle, throttleScope, breaker, limiter, chain, gate, failureStatuses, rule, failureErrors, routing);
    }

    public PolicySpec withFailureStatuses(Set<Integer> statuses) {
        return new PolicySpec(budget, budgetScope, throttle, throttleScope, breaker, limiter, chain, gate, statuses, fallbackOn, failureErrors, routing);
    }
}
