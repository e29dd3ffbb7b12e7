package dev.stampede.policy;

import dev.stampede.scenario.ErrorKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The one object an engine consults around each attempt: it applies a {@link PolicySpec}'s budget,
 * throttle, breakers, fallback chain and quality gate. The backoff and the attempt limit stay with
 * {@code retry.RetryPolicy}; the concurrency limiter wraps whole requests and is built by each engine
 * from {@link PolicySpec#limiter()}.
 *
 * <p>Per logical request, with {@code call = gates.begin(now)}:
 * <pre>
 *   loop:
 *     switch (gates.beforeAttempt(call, now, rng)):
 *       Refused r      → the request fails with r.reason()
 *       AnsweredLocally a → the request ends degraded (a cached or static answer, no call)
 *       Send s         → if s.firstOnTier(): restart the RetryPolicy's per-request state;
 *                        send to s.tier().target()
 *     switch (gates.afterAttempt(call, now, status, error, body)):
 *       Succeeded      → done
 *       GateFailed     → gates.fallback(call, now, QUALITY_GATE); empty → fail (qualityGate)
 *       Failed f       → gates.fallsBackOn(f) ? gates.fallback(call, now, FALLBACK_ON) : RetryPolicy.decide: Retry → gates.tryRetry(call, now) ? wait, loop : fail (budget);
 *                        GiveUp(exhausted) → gates.fallback(call, now, GAVE_UP); empty → fail (exhausted)
 * </pre>
 * The budget is charged when the retry is decided ({@link #tryRetry}, as gRPC and the AWS SDKs do, so a
 * refused retry fails at once instead of after its backoff); a retry not charged by then is charged in
 * {@link #beforeAttempt}. Order inside {@link #beforeAttempt}: the tier's breaker (moving down the
 * chain past tiers that refuse; permits are taken at send time so that no half-open probe is held
 * through a backoff), then the budget (a retry on the same tier only: a tier change is not a retry),
 * then the throttle. A refusal after the breaker permitted hands its permit back.
 *
 * <p>Thread safety: a {@code PolicyGates} may be used by many threads; {@link #forRun} holds the parts
 * shared by all clients, {@link #forClient} adds the per-client ones. A {@link Call} belongs to one
 * request and must not be used by two threads at once.
 */
public final class PolicyGates {

    /** The answer to {@link #beforeAttempt}. */
    public sealed interface Admission {
        /**
         * Send the attempt to {@code tier.target()}.
         *
         * @param firstOnTier {@code true} for the first attempt on this tier (the request's first, or a fallback)
         */
        record Send(FallbackChain.Tier tier, boolean firstOnTier) implements Admission {}

        /** Do not send; the request fails for {@code reason}. */
        record Refused(Refusal reason) implements Admission {}

        /** Do not send: {@code tier} answers locally with {@code answer}; the request ends {@code degraded}. */
        record AnsweredLocally(FallbackChain.Tier tier, FallbackChain.LocalAnswer answer) implements Admission {}
    }

    /** How {@link #afterAttempt} classified an attempt. */
    public sealed interface Verdict {
        /** 2xx, and the quality gate (if any) passed; {@code tier} served the request. */
        record Succeeded(FallbackChain.Tier tier) implements Verdict {}

        /** 2xx whose body failed the quality gate: fall back. */
        record GateFailed(FallbackChain.Tier tier) implements Verdict {}

        /**
         * Any other outcome; the retry policy decides what follows.
         *
         * @param countsAsFailure {@code true} when breakers and budgets counted it as a failure (a client
         *                        error or one of {@link PolicySpec#failureStatuses()})
         */
        record Failed(AttemptFailure failure, boolean countsAsFailure) implements Verdict {}
    }

    /** One logical request's progress through the gates. Not thread-safe. */
    public static final class Call {
        private FallbackChain.Tier tier;
        private int attempts;
        private int attemptsOnTier;
        private boolean inAttempt;
        private AttemptFailure lastFailure;
        private AttemptFailure lastRetryCause;
        private boolean retryCharged;
        private CircuitBreaker.Permit.Permitted permit;
        private final List<FallbackChain.Tier> tried = new ArrayList<>();
        /** Consecutive answers on the current tier with a status of the policy's streak. */
        private int streak;
        private boolean routedPastPrimary;

        private Call(FallbackChain.Tier tier) { moveTo(tier); }

        /** True when the rolling-rate switch started this request past the primary. */
        public boolean routedPastPrimary() { return routedPastPrimary; }

        /** The tier the next attempt goes to; empty once the chain is exhausted. */
        public Optional<FallbackChain.Tier> tier() { return Optional.ofNullable(tier); }

        /** Attempts sent for this request, over all tiers. */
        public int attempts() { return attempts; }

        /** Attempts sent to the current tier. */
        public int attemptsOnTier() { return attemptsOnTier; }

        /** Tiers this request has been sent to, in order. */
        public List<FallbackChain.Tier> tried() { return List.copyOf(tried); }

        private void moveTo(FallbackChain.Tier next) {
            tier = next;
            attemptsOnTier = 0;
            lastFailure = null;
            lastRetryCause = null;
            retryCharged = false;
            streak = 0;
        }
    }

    private final PolicySpec spec;
    private final FallbackChain chain;
    private final RetryBudget budget;
    private final AdaptiveThrottle throttle;
    private final RoutingSignals signals;

    private PolicyGates(PolicySpec spec, FallbackChain chain, RetryBudget budget, AdaptiveThrottle throttle, RoutingSignals signals) {
        this.spec = spec;
        this.chain = chain;
        this.budget = budget;
        this.throttle = throttle;
        this.signals = signals;
    }

    /**
     * The run-wide gates: the chain (tier 0 is {@code primaryTarget}, then {@code spec.chain()}) with its
     * breakers, and the budget and throttle when their scope is {@link PolicySpec.Scope#SHARED}. Give each
     * client {@link #forClient()}.
     */
    public static PolicyGates forRun(PolicySpec spec, String primaryTarget) {
        List<FallbackChain.TierSpec> tiers = new ArrayList<>();
        tiers.add(new FallbackChain.TierSpec(primaryTarget, spec.breaker()));
        for (FallbackChain.TierSpec t : spec.chain()) tiers.add(t.withDefaultBreaker(spec.breaker()));
        return new PolicyGates(spec, new FallbackChain(tiers),
                spec.budget() == null ? null : RetryBudget.create(spec.budget()),
                spec.throttle() == null ? null : new AdaptiveThrottle(spec.throttle()),
                spec.routing() == null || !spec.routing().any() ? null : new RoutingSignals(spec.routing()));
    }

    /** Gates for one client: the run's shared parts, and fresh per-client budget and throttle. */
    public PolicyGates forClient() {
        RetryBudget b = budget == null || spec.budgetScope() == PolicySpec.Scope.SHARED ? budget : RetryBudget.create(spec.budget());
        AdaptiveThrottle t = throttle == null || spec.throttleScope() == PolicySpec.Scope.SHARED ? throttle : new AdaptiveThrottle(spec.throttle());
        return new PolicyGates(spec, chain, b, t, signals);
    }

    public PolicySpec spec() { return spec; }

    /** The chain (one tier when the policy has none), for its breakers and its served counts. */
    public FallbackChain chain() { return chain; }

    public Optional<RetryBudget> budget() { return Optional.ofNullable(budget); }

    public Optional<AdaptiveThrottle> throttle() { return Optional.ofNullable(throttle); }

    /** The quality gate of {@code tier}'s answers: its own when it sets one (or none), else the policy's. */
    public QualityGate gate(FallbackChain.Tier tier) {
        FallbackChain.TierSpec t = chain.spec(tier);
        return t.ownGate() ? t.gate() : spec.gate();
    }

    /** {@code tier}'s own retry policy, or {@code null} when it follows the policy's. */
    public dev.stampede.retry.RetryPolicy retryPolicy(FallbackChain.Tier tier) {
        return chain.spec(tier).retryPolicy();
    }

    /** A logical request starts at {@code nowNanos}: counts it for the budget and picks its first tier. */
    public Call begin(long nowNanos) {
        if (budget != null) budget.onRequest(nowNanos);
        int start = signals == null ? 0 : signals.startTier(nowNanos);
        if (start == 0) return new Call(chain.first(nowNanos).orElse(null));
        Call call = new Call(chain.firstFrom(start, nowNanos).orElse(null));
        call.routedPastPrimary = true;
        return call;
    }

    /**
     * Whether {@code call} leaves its tier now, after its last answer made a streak of the policy's
     * {@code routing.streak} (a later tier must exist; on the last tier the retry policy decides). Call after
     * {@link #afterAttempt} returned {@link Verdict.Failed}; then {@link #fallback} with {@code GAVE_UP}.
     */
    public boolean streakEnds(Call call) {
        RoutingSignals.Streak s = spec.routing() == null ? null : spec.routing().streak();
        return s != null && call.tier != null && call.streak >= s.count() && call.tier.index() < chain.tiers().size() - 1;
    }

    /**
     * Whether a request about to leave its tier for a fallback tier fails forward instead at {@code nowNanos}: the
     * fallback tiers' gate rejection share is over the policy's {@code routing.failForward} (and a later tier exists).
     */
    public boolean failsForward(Call call, long nowNanos) {
        return signals != null && call.tier != null && call.tier.index() < chain.tiers().size() - 1
                && signals.failingForward(nowNanos);
    }

    /** Decides whether the next attempt of {@code call} goes, and where. */
    public Admission beforeAttempt(Call call, long nowNanos, RandomGenerator rng) {
        if (call.inAttempt) throw new IllegalStateException("beforeAttempt twice without afterAttempt");
        if (call.tier == null) return new Admission.Refused(Refusal.CIRCUIT_OPEN);
        boolean firstOnTier = call.attemptsOnTier == 0;
        while (true) {
            Optional<CircuitBreaker> breaker = chain.breaker(call.tier);
            if (breaker.isEmpty()) break;
            CircuitBreaker.Permit permit = breaker.get().permit(nowNanos);
            boolean permitted = switch (permit) {
                case CircuitBreaker.Permit.Permitted p -> {
                    call.permit = p;
                    yield true;
                }
                case CircuitBreaker.Permit.Refused r -> false;
            };
            if (permitted) break;
            call.moveTo(chain.next(call.tier, nowNanos, FallbackChain.Reason.CIRCUIT_OPEN).orElse(null));
            if (call.tier == null) return new Admission.Refused(Refusal.CIRCUIT_OPEN);
            firstOnTier = true;
        }
        Optional<FallbackChain.LocalAnswer> local = chain.local(call.tier);
        if (local.isPresent()) {
            // no call, so no budget, throttle or attempt: the tier answers, and the request is over
            chain.served(call.tier);
            return new Admission.AnsweredLocally(call.tier, local.get());
        }
        if (!firstOnTier && !chargeRetry(call, nowNanos)) {
            releasePermit(call);
            return new Admission.Refused(Refusal.BUDGET);
        }
        call.retryCharged = false;
        if (throttle != null && !throttle.admit(nowNanos, rng)) {
            releasePermit(call);
            return new Admission.Refused(Refusal.THROTTLED);
        }
        call.inAttempt = true;
        call.attempts++;
        call.attemptsOnTier++;
        call.tried.add(call.tier);
        return new Admission.Send(call.tier, firstOnTier);
    }

    /**
     * Asks the budget for the retry the retry policy has just decided, before the backoff wait.
     *
     * @return {@code true} to wait and retry (charged once: {@link #beforeAttempt} will not charge it
     *         again); {@code false} when the request fails with {@link Refusal#BUDGET}
     * @throws IllegalStateException when no attempt of {@code call} on its tier has been reported yet
     */
    public boolean tryRetry(Call call, long nowNanos) {
        if (call.inAttempt || call.tier == null || call.attemptsOnTier == 0) {
            throw new IllegalStateException("tryRetry needs a reported attempt on the current tier to retry");
        }
        return chargeRetry(call, nowNanos);
    }

    private boolean chargeRetry(Call call, long nowNanos) {
        if (call.retryCharged) return true;
        AttemptFailure cause = call.lastFailure == null ? AttemptFailure.status(200) : call.lastFailure;
        if (budget != null && !budget.tryRetry(nowNanos, cause)) return false;
        call.lastRetryCause = cause;
        call.retryCharged = true;
        return true;
    }

    /**
     * Reports how the attempt {@link #beforeAttempt} sent ended, and classifies it.
     *
     * @param status HTTP status, or 0 when the attempt ended with {@code error}
     * @param error  client-side error kind, or {@code null} when a status arrived
     * @param body   the response body as read, or {@code null} (only the quality gate looks at it)
     */
    public Verdict afterAttempt(Call call, long nowNanos, int status, ErrorKind error, String body) {
        if (!call.inAttempt) throw new IllegalStateException("afterAttempt without a sent attempt");
        call.inAttempt = false;
        boolean is2xx = error == null && status >= 200 && status < 300;
        QualityGate gate = gate(call.tier);
        boolean gateFailed = is2xx && gate != null && !gate.passes(body);
        boolean success = is2xx && !gateFailed;
        boolean serverFailure = error != null ? spec.failureErrors().contains(error) : spec.failureStatuses().contains(status);
        boolean countsAsFailure = serverFailure || gateFailed;
        AttemptFailure failure = success ? null : error != null ? AttemptFailure.error(error) : AttemptFailure.status(status);

        if (throttle != null) throttle.onResult(nowNanos, error == null && !PolicySpec.OVERLOAD_STATUSES.contains(status));
        if (signals != null) signals.onAttempt(nowNanos, call.tier.index(), error == null ? status : 0, is2xx && gate != null, gateFailed);
        RoutingSignals.Streak streak = spec.routing() == null ? null : spec.routing().streak();
        if (streak != null) call.streak = error == null && streak.statuses().contains(status) ? call.streak + 1 : 0;
        if (call.permit != null) {
            CircuitBreaker breaker = chain.breaker(call.tier).orElseThrow();
            if (success || countsAsFailure) breaker.onResult(nowNanos, call.permit, countsAsFailure);
            else breaker.abandon(call.permit);
            call.permit = null;
        }
        if (budget != null) {
            if (success && call.lastRetryCause == null) budget.onFirstTrySuccess(nowNanos);
            else if (success) budget.onRetrySuccess(nowNanos, call.lastRetryCause);
            else if (serverFailure) budget.onFailure(nowNanos, failure);
        }
        call.lastFailure = failure;
        if (success) {
            chain.served(call.tier);
            return new Verdict.Succeeded(call.tier);
        }
        return gateFailed ? new Verdict.GateFailed(call.tier) : new Verdict.Failed(failure, countsAsFailure);
    }

    /**
     * Whether an attempt that ended with {@code status} (0 with an {@code error}) or {@code error} leaves its tier at
     * once, without a retry there ({@link PolicySpec#fallbackOn}); the caller then calls {@link #fallback} with
     * {@link FallbackChain.Reason#FALLBACK_ON}.
     */
    public boolean fallsBackOn(int status, ErrorKind error) { return spec.fallbackOn().matches(status, error); }

    /**
     * Whether a request whose tier's retries ran out on an attempt that ended with {@code status} or {@code error}
     * moves to the next tier ({@code fallbackAfter}, {@link FallbackOn#movesOnAfter}); else it fails.
     */
    public boolean fallsBackAfter(int status, ErrorKind error) { return spec.fallbackOn().movesOnAfter(status, error); }

    /**
     * Moves {@code call} to the next tier after leaving the current one for {@code reason}; empty when the
     * chain is exhausted (the request then fails).
     */
    public Optional<FallbackChain.Tier> fallback(Call call, long nowNanos, FallbackChain.Reason reason) {
        if (call.inAttempt) throw new IllegalStateException("fallback while an attempt is out; report it with afterAttempt first");
        if (call.tier == null) return Optional.empty();
        call.moveTo(chain.next(call.tier, nowNanos, reason).orElse(null));
        return call.tier();
    }

    /** The request is dropped mid-attempt (run end, cancel): hands back a half-open probe it may hold. */
    public void abandon(Call call) {
        releasePermit(call);
        call.inAttempt = false;
    }

    private void releasePermit(Call call) {
        if (call.permit != null && call.tier != null) chain.breaker(call.tier).ifPresent(b -> b.abandon(call.permit));
        call.permit = null;
    }
}
