package dev.stampede.lifecycle;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.policy.FallbackChain;
import dev.stampede.policy.PolicyGates;
import dev.stampede.policy.Refusal;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.retry.RetryPolicy.Decision;
import dev.stampede.retry.RetryPolicy.RetryState;
import dev.stampede.scenario.ErrorKind;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One logical request's lifecycle as a pure state machine ("sans I/O": no clock, no threads, no I/O). Both
 * engines drive it: the live engine on one virtual thread with real waits ({@code load.LogicalRequest}), the
 * simulator with events ({@code sim.SimClients}). It asks the {@link RetryPolicy} and the {@link PolicyGates}
 * (budget, throttle, breakers, fallback chain, quality gate) and records every step on the population's
 * {@link RunRecorder}, so both engines decide and count alike by construction.
 *
 * <h2>Events in (each returns the next {@link Action})</h2>
 * <ul>
 *   <li>{@link #start}: the request may go (no concurrency limit, or it holds a slot): its first attempt.</li>
 *   <li>{@link #answered}: the attempt on the wire ended with an outcome (and the body, for a quality gate).</li>
 *   <li>{@link #timerFired}: the {@link Action.Wait} is over.</li>
 *   <li>{@link #cutOff}: the run's {@link Horizon} closed while the request waited (or queued for a
 *       concurrency limit): it ends with the horizon's reason.</li>
 *   <li>{@link #abandoned}: the client gave up on the attempt on the wire (the live run's end interrupted it):
 *       recorded as a {@code timeout}; the request ends with the horizon's reason.</li>
 *   <li>{@link #limiterRefused}: the engine's concurrency limiter refused or expired the request before it
 *       started; the reason is decided here, for both engines.</li>
 *   <li>{@link #interrupted}: the engine was interrupted while the request waited (live: Ctrl-C, or the end of
 *       the drain): it ends with the horizon's reason ({@code interrupted} after Ctrl-C, {@code unfinished} after
 *       the graceful stop; {@code interrupted} while the horizon is still open).</li>
 *   <li>{@link #failed}: the engine's code threw while running the request: it ends as {@code internalError}.</li>
 * </ul>
 *
 * <h2>Actions out</h2>
 * <ul>
 *   <li>{@link Action.Send}: put an attempt on the wire to a tier's target, with its number in the request and a
 *       run-unique attempt id; then deliver {@link #answered} (or {@link #abandoned}).</li>
 *   <li>{@link Action.Wait}: deliver {@link #timerFired} at {@code untilNanos} (a backoff, or the pause before a
 *       fallback tier), or {@link #cutOff} if the horizon closes first.</li>
 *   <li>{@link Action.End}: the request is over (already recorded): success, with the serving tier; a
 *       {@link FailureReason}; or {@code degraded}, answered locally by a cached or static tier.</li>
 * </ul>
 *
 * <p>Order of decisions after an answer: the gates classify it ({@code Succeeded} ends it; {@code GateFailed} falls
 * back; a failure of the policy's {@code fallbackOn} falls back at once); otherwise the retry policy decides: succeed;
 * give up (exhausted with a chain: fall back); retry — cut off when the horizon is closed, failed as {@code budget} when the budget refuses, else wait the backoff. Falling back:
 * no tier left fails with the cause; a closed horizon cuts it off; else a fresh retry state, and the fallback pause
 * (or the next attempt at once).
 *
 * <p>Hooks for later work: a graceful stop closes the {@link Horizon} at the grace's end with its own reason; an
 * engine that models abandonment or duplicates keys it by {@link Action.Send#attemptId()}; a tier's own retry
 * policy is started where a tier is entered ({@code enterTier}), and signal routing acts after the gates' verdict (a
 * streak moves the request on), at {@link #start} (the rate switch) and before a fallback (fail forward);
 * {@code fallbackOn} plugs in after the gates' verdict too ({@link #answered}); a wait for a connection is one more
 * engine-side wait before {@link #start}, ended like the limiter's with {@link #limiterRefused} or {@link #cutOff}.
 *
 * <p>Not thread-safe: one request, one driver at a time. Times are nanoseconds since the run started.
 */
public final class RequestLifecycle {

    /** What the engine must do next. */
    public sealed interface Action {

        /**
         * Send one attempt.
         *
         * @param attemptId run-unique id of this attempt ({@code >= 0}; the run's counter, over every population)
         * @param attempt   this attempt's number in its request, 1 for the first (over all tiers)
         * @param tier      the tier's index in the fallback chain (0: the scenario's own request)
         * @param target    the tier's target as the gates hold it (a path or a URL), or {@code null} for tier 0
         *                  without gates (the scenario's own request)
         * @param readBody  the answer's body is needed (the policy has a quality gate)
         */
        record Send(long attemptId, int attempt, int tier, String target, boolean readBody) implements Action {}

        /** Wait until {@code untilNanos}, then deliver {@link #timerFired}. */
        record Wait(long untilNanos, Why why) implements Action {
            /** What the wait is for. */
            public enum Why { BACKOFF, FALLBACK_PAUSE }
        }

        /**
         * The request is over, already recorded.
         *
         * @param failure      {@code null} on success, else why it failed
         * @param servedByTier the tier that served a success, or -1 (a failure, or a success without gates)
         * @param cutOff       it ended because the {@link Horizon} closed (the run stopped) before it could go on
         */
        record End(FailureReason failure, int servedByTier, boolean cutOff, boolean degraded) implements Action {
            /** A success ({@code failure == null}) or a failure; not degraded. */
            public End(FailureReason failure, int servedByTier, boolean cutOff) { this(failure, servedByTier, cutOff, false); }

            /** A success: neither a failure nor a degraded (local) answer. */
            public boolean succeeded() { return failure == null && !degraded; }
        }
    }

    private enum State { NEW, ON_WIRE, WAITING, DONE }

    private static final AttemptOutcome TIMED_OUT = AttemptOutcome.error(ErrorKind.TIMEOUT);

    private final Lifecycle rules;
    private final PolicyGates gates;
    private final RandomGenerator rng;
    private final long intendedNanos;
    /** This request's backoff and attempt limit: its population's, or its request template's override of it. */
    private final RetryPolicy policy;
    /** Its request template's index in the mix, or -1 when figures are not broken down per template. */
    private final int template;
    private State state = State.NEW;
    private RetryState retry;
    private PolicyGates.Call call;
    /** When the request entered its engine, then when it began; the uncorrected latency counts from it. */
    private long firstSentNanos;
    private long attemptSentNanos;
    private int attempts;
    /** The retry policy of the tier the request is on (a fallback tier may have its own). */
    private RetryPolicy tierPolicy;

    RequestLifecycle(Lifecycle rules, PolicyGates gates, RandomGenerator rng, long intendedNanos, long nowNanos) {
        this(rules, gates, rng, intendedNanos, nowNanos, rules.policy(), -1);
    }

    RequestLifecycle(Lifecycle rules, PolicyGates gates, RandomGenerator rng, long intendedNanos, long nowNanos,
                     RetryPolicy policy, int template) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
        this.template = template;
        this.rules = rules;
        this.gates = gates;
        this.rng = rng;
        this.intendedNanos = intendedNanos;
        this.firstSentNanos = nowNanos;
    }

    private Action onStart(long nowNanos) {
        expect(State.NEW, "start");
        firstSentNanos = nowNanos;
        tierPolicy = policy;
        retry = tierPolicy.start();
        if (gates != null) {
            call = gates.begin(nowNanos);
            if (call.routedPastPrimary()) rules.recorder().switchedOnRate(nowNanos);
        }
        return send(nowNanos);
    }

    private Action onAnswered(long nowNanos, AttemptOutcome outcome, String body) {
        expect(State.ON_WIRE, "answered");
        RunRecorder recorder = rules.recorder();
        recorder.attemptDone(nowNanos, outcome, nowNanos - attemptSentNanos);
        if (call != null) {
            switch (gates.afterAttempt(call, nowNanos, outcome.status(), outcome.error(), body)) {
                case PolicyGates.Verdict.Succeeded ok -> {
                    recorder.servedBy(nowNanos, ok.tier().index());
                    return end(nowNanos, null, ok.tier().index(), false);
                }
                case PolicyGates.Verdict.GateFailed g -> {
                    recorder.gateRejected(nowNanos);
                    return fallBack(nowNanos, FallbackChain.Reason.QUALITY_GATE, FailureReason.QUALITY_GATE);
                }
                case PolicyGates.Verdict.Failed f -> {
                    if (gates.fallsBackOn(outcome.status(), outcome.error())) {
                        recorder.fellBackOn(nowNanos, outcome.error() != null);
                        return fallBack(nowNanos, FallbackChain.Reason.FALLBACK_ON, FailureReason.EXHAUSTED);
                    }
                    if (gates.streakEnds(call)) {
                        recorder.switchedOnStreak(nowNanos);
                        return fallBack(nowNanos, FallbackChain.Reason.GAVE_UP, FailureReason.EXHAUSTED);
                    }
                }
            }
        }
        Decision decision = tierPolicy.decide(retry, outcome, rng, nowNanos);
        return switch (decision) {
            case Decision.Succeed s -> end(nowNanos, null, -1, false);
            case Decision.GiveUp g when call != null && g.reason() == FailureReason.EXHAUSTED
                    && gates.fallsBackAfter(outcome.status(), outcome.error()) ->
                    fallBack(nowNanos, FallbackChain.Reason.GAVE_UP, FailureReason.EXHAUSTED);
            case Decision.GiveUp g -> end(nowNanos, g.reason(), -1, false);
            case Decision.Retry r when !rules.horizon().open() -> end(nowNanos, rules.horizon().reason(), -1, true);
            case Decision.Retry r when call != null && !gates.tryRetry(call, nowNanos) -> end(nowNanos, FailureReason.BUDGET, -1, false);
            case Decision.Retry r -> {
                retry = r.next();
                yield waitUntil(nowNanos, nowNanos + r.delayNanos(), Action.Wait.Why.BACKOFF);
            }
        };
    }

    private Action onTimerFired(long nowNanos) {
        expect(State.WAITING, "timerFired");
        rules.recorder().backoffEnds(nowNanos);
        return send(nowNanos);
    }

    private Action onCutOff(long nowNanos) {
        if (state == State.WAITING) rules.recorder().backoffEnds(nowNanos);
        else expect(State.NEW, "cutOff");
        return end(nowNanos, rules.horizon().reason(), -1, true);
    }

    private Action onAbandoned(long nowNanos) {
        expect(State.ON_WIRE, "abandoned");
        rules.recorder().attemptDone(nowNanos, TIMED_OUT, nowNanos - attemptSentNanos);
        if (call != null) gates.abandon(call);
        return end(nowNanos, rules.horizon().reason(), -1, true);
    }

    private Action onInterrupted(long nowNanos) {
        if (state == State.WAITING) rules.recorder().backoffEnds(nowNanos);
        else expect(State.NEW, "interrupted");
        return end(nowNanos, rules.horizon().reason(), -1, true);
    }

    private Action onLimiterRefused(long nowNanos, Refusal reason) {
        if (state == State.WAITING) rules.recorder().backoffEnds(nowNanos); // a per-attempt cap refused its retry
        else expect(State.NEW, "limiterRefused");
        return end(nowNanos, reason.failureReason(), -1, false);
    }

    private Action onFailed(long nowNanos) {
        RunRecorder recorder = rules.recorder();
        switch (state) {
            case ON_WIRE -> {
                recorder.attemptAborted(nowNanos);
                if (call != null) gates.abandon(call);
            }
            case WAITING -> recorder.backoffEnds(nowNanos);
            case NEW -> { }
            case DONE -> throw new IllegalStateException("failed after the request ended");
        }
        return end(nowNanos, FailureReason.INTERNAL_ERROR, -1, false);
    }

    private Action onGaveUp(long nowNanos, AttemptOutcome outcome) {
        switch (state) {
            case NEW -> { }
            case WAITING -> rules.recorder().backoffEnds(nowNanos);
            case ON_WIRE -> {
                if (outcome == null) throw new IllegalStateException("gaveUp with an attempt on the wire needs its outcome");
                rules.recorder().attemptDone(nowNanos, outcome, nowNanos - attemptSentNanos);
            }
            case DONE -> throw new IllegalStateException("gaveUp after the request ended");
        }
        return end(nowNanos, FailureReason.LIMITER_WAIT, -1, false);
    }

    // ---- the events, each traced ----

    /** The request may go: counts it for its gates and sends its first attempt (or refuses it). */
    public Action start(long nowNanos) { return rules.traced(nowNanos, "start", onStart(nowNanos)); }

    /** The attempt on the wire ended with {@code outcome}; {@code body} is its body when asked for, else {@code null}. */
    public Action answered(long nowNanos, AttemptOutcome outcome, String body) { return rules.traced(nowNanos, "answered", onAnswered(nowNanos, outcome, body)); }

    /** The {@link Action.Wait} is over: the next attempt. */
    public Action timerFired(long nowNanos) { return rules.traced(nowNanos, "timerFired", onTimerFired(nowNanos)); }

    /**
     * The run's {@link Horizon} closed while the request waited (for a retry, a fallback tier, or a concurrency
     * limit's slot before {@link #start}): it ends with the horizon's reason.
     */
    public Action cutOff(long nowNanos) { return rules.traced(nowNanos, "cutOff", onCutOff(nowNanos)); }

    /**
     * The client gave up on the attempt on the wire (the live run's end interrupted it): the attempt counts as a
     * {@code timeout} (no complete response within the time the run allowed), a half-open probe it holds is handed
     * back, and the request ends with the horizon's reason ({@link Horizon#reason()}).
     */
    public Action abandoned(long nowNanos) { return rules.traced(nowNanos, "abandoned", onAbandoned(nowNanos)); }

    /**
     * The engine was interrupted while the request waited (for a retry, a fallback tier, or a concurrency limit's
     * slot): it ends with the horizon's reason ({@link Horizon#reason()}).
     */
    public Action interrupted(long nowNanos) { return rules.traced(nowNanos, "interrupted", onInterrupted(nowNanos)); }

    /**
     * The engine's concurrency limiter refused the request before it started, or (a cap per attempt) before its
     * retry once its backoff wait was over: its queue was full, or the request waited the longest wait. Both engines
     * report the limiter's refusal through here.
     */
    public Action limiterRefused(long nowNanos, Refusal reason) { return rules.traced(nowNanos, "limiterRefused", onLimiterRefused(nowNanos, reason)); }

    /**
     * The engine's own code threw while it ran this request (a bug): the gauges the request holds are closed (an
     * attempt on the wire leaves the in-flight gauge without an outcome, a wait ends), a half-open probe is handed back, and the request ends
     * as {@code internalError}. Safe in any state but {@code DONE}.
     */
    public Action failed(long nowNanos) { return rules.traced(nowNanos, "failed", onFailed(nowNanos)); }

    /** When the last {@link Action.Send} was returned (the engine's clock): what the attempt's price is filed by. */
    public long attemptSentNanos() { return attemptSentNanos; }

    /**
     * The caller stopped waiting: a work queue's deadline passed ({@link WorkQueue}). Queued (before {@link #start}, or
     * waiting after a retry decision) the request ends as {@code limiterWait}; with its attempt on the wire, the
     * attempt's {@code outcome} (which came at {@code nowNanos}, at or past the deadline) is recorded and the request
     * ends as {@code limiterWait} whatever the outcome (the caller is gone). {@code outcome} is {@code null} unless an
     * attempt is on the wire.
     */
    public Action gaveUp(long nowNanos, AttemptOutcome outcome) { return rules.traced(nowNanos, "gaveUp", onGaveUp(nowNanos, outcome)); }

    /** True while an {@link Action.Wait} is pending. */
    public boolean waiting() { return state == State.WAITING; }

    /** True once an {@link Action.End} was returned. */
    public boolean done() { return state == State.DONE; }

    private Action send(long nowNanos) {
        int tier = 0;
        String target = null;
        boolean readBody = false;
        if (call != null) {
            switch (gates.beforeAttempt(call, nowNanos, rng)) {
                case PolicyGates.Admission.Refused refused -> {
                    return end(nowNanos, refused.reason().failureReason(), -1, false);
                }
                case PolicyGates.Admission.AnsweredLocally local -> {
                    state = State.DONE;
                    rules.recorder().requestDegraded(nowNanos, nowNanos - intendedNanos, nowNanos - firstSentNanos);
                    return new Action.End(null, local.tier().index(), false, true);
                }
                case PolicyGates.Admission.Send send -> {
                    // a new tier (a fallback, or one past an open breaker) starts its own retries
                    if (send.firstOnTier() && send.tier().index() > 0) enterTier(send.tier());
                    tier = send.tier().index();
                    target = send.tier().target();
                    readBody = gates.gate(send.tier()) != null;
                }
            }
        }
        attempts++;
        attemptSentNanos = nowNanos;
        state = State.ON_WIRE;
        long id = rules.nextAttemptId();
        rules.recorder().attemptSent(nowNanos);
        return new Action.Send(id, attempts, tier, target, readBody);
    }

    /**
     * The request starts on {@code tier}: its own retry policy (precedence scenario < policy < request template <
     * tier), fresh.
     */
    private void enterTier(FallbackChain.Tier tier) {
        RetryPolicy own = gates.retryPolicy(tier);
        tierPolicy = own != null ? own : policy;
        retry = tierPolicy.start();
    }

    /** The request leaves its tier for {@code why}: the next tier after the pause, or it fails as {@code otherwise}. */
    private Action fallBack(long nowNanos, FallbackChain.Reason why, FailureReason otherwise) {
        if (gates.failsForward(call, nowNanos)) {
            rules.recorder().failedForward(nowNanos);
            return end(nowNanos, FailureReason.FAIL_FORWARD, -1, false);
        }
        Optional<FallbackChain.Tier> next = gates.fallback(call, nowNanos, why);
        if (next.isEmpty()) return end(nowNanos, otherwise, -1, false);
        if (!rules.horizon().open()) return end(nowNanos, rules.horizon().reason(), -1, true);
        enterTier(next.get());
        if (rules.fallbackPauseNanos() > 0) {
            return waitUntil(nowNanos, nowNanos + rules.fallbackPauseNanos(), Action.Wait.Why.FALLBACK_PAUSE);
        }
        return send(nowNanos);
    }

    private Action waitUntil(long nowNanos, long untilNanos, Action.Wait.Why why) {
        state = State.WAITING;
        rules.recorder().backoffBegins(nowNanos);
        return new Action.Wait(untilNanos, why);
    }

    private Action end(long nowNanos, FailureReason failure, int servedByTier, boolean cutOff) {
        state = State.DONE;
        rules.recorder().requestDone(nowNanos, failure, nowNanos - intendedNanos, nowNanos - firstSentNanos);
        if (template >= 0) rules.recorder().templateDone(template, failure, attempts, nowNanos - intendedNanos);
        return new Action.End(failure, servedByTier, cutOff);
    }

    private void expect(State expected, String event) {
        if (state != expected) throw new IllegalStateException(event + " in state " + state + ", expected " + expected);
    }
}
