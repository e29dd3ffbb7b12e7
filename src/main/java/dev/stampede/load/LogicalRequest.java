package dev.stampede.load;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.policy.BlockingConcurrencyLimiter;
import dev.stampede.policy.FallbackChain;
import dev.stampede.policy.PolicyGates;
import dev.stampede.policy.Refusal;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.retry.RetryPolicy.Decision;
import dev.stampede.retry.RetryPolicy.RetryState;
import dev.stampede.scenario.ErrorKind;

import java.util.random.RandomGenerator;

/**
 * One user intent run to its end on the calling (virtual) thread: attempt, ask the retry policy, wait
 * the decided delay (a real wait), attempt again… recording every event. Shared by every load model;
 * thread-safe (holds only run-wide collaborators).
 *
 * <p>With a policy beyond backoff ({@link PolicyGates}): a refusal before an attempt fails the request with its
 * reason; a 2xx that fails the quality gate, or retries exhausted on a tier, move the request to the next
 * fallback tier (its absolute URL) after the policy's pause, with a fresh retry state; a concurrency limit
 * wraps the whole request (queue full: {@code queueFull}; the maximum wait: {@code deadline}).
 *
 * <p>When the run stops, a request waiting to retry ends at once as {@code deadline}; an attempt on the
 * wire may finish within the drain grace. An attempt abandoned at the run's end (its thread interrupted)
 * counts as {@code timeout}: it had no complete response within the time the run allowed.
 */
final class LogicalRequest {

    private final RunTiming timing;
    private final Exchange exchange;
    private final RetryPolicy policy;
    private final RunRecorder recorder;
    private final long attemptTimeoutNanos;
    private final long fallbackPauseNanos;
    private final BlockingConcurrencyLimiter limiter;
    private final boolean keepBody;

    LogicalRequest(RunTiming timing, Exchange exchange, RetryPolicy policy, RunRecorder recorder, long attemptTimeoutNanos) {
        this(timing, exchange, policy, recorder, attemptTimeoutNanos, 0, null, false);
    }

    /**
     * @param fallbackPauseNanos pause before the first attempt on a fallback tier (seed 004's 0.5 s)
     * @param limiter            the policy's concurrency limit, wrapping the whole request; or {@code null}
     * @param keepBody           read answers' bodies (the policy has a quality gate)
     */
    LogicalRequest(RunTiming timing, Exchange exchange, RetryPolicy policy, RunRecorder recorder, long attemptTimeoutNanos,
                   long fallbackPauseNanos, BlockingConcurrencyLimiter limiter, boolean keepBody) {
        this.timing = timing;
        this.exchange = exchange;
        this.policy = policy;
        this.recorder = recorder;
        this.attemptTimeoutNanos = attemptTimeoutNanos;
        this.fallbackPauseNanos = fallbackPauseNanos;
        this.limiter = limiter;
        this.keepBody = keepBody;
    }

    RunRecorder recorder() { return recorder; }

    /**
     * Runs one request whose {@code arrival} is already recorded.
     *
     * @param intendedNanos its intended start, nanoseconds since the run started
     * @param gates         the policy's budget, throttle, breakers, fallback chain and quality gate as the client
     *                      sees them, or {@code null} for none
     * @return true when the thread was interrupted (the caller should stop)
     */
    boolean run(long intendedNanos, RandomGenerator rng, PolicyGates gates) {
        if (limiter == null) return attempts(intendedNanos, rng, gates);
        BlockingConcurrencyLimiter.Admission admission;
        try {
            admission = limiter.acquire();
        } catch (InterruptedException e) {
            end(intendedNanos, -1, FailureReason.DEADLINE);
            return true;
        }
        if (admission instanceof BlockingConcurrencyLimiter.Admission.Refused refused) {
            end(intendedNanos, -1, refused.reason().failureReason());
            return Thread.currentThread().isInterrupted();
        }
        try {
            return attempts(intendedNanos, rng, gates);
        } finally {
            limiter.release();
        }
    }

    private boolean attempts(long intendedNanos, RandomGenerator rng, PolicyGates gates) {
        // The state is threaded through as the policy returns it (start(), then each Retry.next()): the
        // policy alone decides what its counters mean.
        RetryState state = policy.start();
        PolicyGates.Call call = gates == null ? null : gates.begin(timing.elapsedNanos());
        long firstSendNanos = -1;
        FailureReason failure;
        boolean interrupted = false;
        while (true) {
            long sendNanos = timing.elapsedNanos();
            String url = null;
            if (call != null) {
                PolicyGates.Admission admission = gates.beforeAttempt(call, sendNanos, rng);
                if (admission instanceof PolicyGates.Admission.Refused r) {
                    failure = r.reason().failureReason();
                    break;
                }
                PolicyGates.Admission.Send send = (PolicyGates.Admission.Send) admission;
                // a new tier (a fallback, or one past an open breaker) starts its own retries
                if (send.firstOnTier() && send.tier().index() > 0) state = policy.start();
                url = send.tier().index() == 0 ? null : send.tier().target();
            }
            if (firstSendNanos < 0) firstSendNanos = sendNanos;
            recorder.attemptSent(sendNanos);
            Exchange.Answer answer;
            try {
                answer = exchange.send(url, attemptTimeoutNanos, keepBody);
            } catch (InterruptedException e) {
                answer = new Exchange.Answer(AttemptOutcome.error(ErrorKind.TIMEOUT), null);
                interrupted = true;
            }
            AttemptOutcome outcome = answer.outcome();
            long doneNanos = timing.elapsedNanos();
            recorder.attemptDone(doneNanos, outcome, doneNanos - sendNanos);
            if (interrupted) {
                if (call != null) gates.abandon(call);
                failure = outcome.isSuccess() ? null : FailureReason.DEADLINE;
                break;
            }
            boolean fallBack = false;
            FallbackChain.Reason why = null;
            FailureReason otherwise = null;
            if (call != null) {
                PolicyGates.Verdict verdict = gates.afterAttempt(call, doneNanos, outcome.status(), outcome.error(), answer.body());
                if (verdict instanceof PolicyGates.Verdict.Succeeded ok) {
                    recorder.servedBy(doneNanos, ok.tier().index());
                    failure = null;
                    break;
                }
                if (verdict instanceof PolicyGates.Verdict.GateFailed) {
                    recorder.gateRejected(doneNanos);
                    fallBack = true;
                    why = FallbackChain.Reason.QUALITY_GATE;
                    otherwise = FailureReason.QUALITY_GATE;
                }
            }
            if (!fallBack) {
                Decision decision = policy.decide(state, outcome, rng, doneNanos);
                if (decision instanceof Decision.Succeed) {
                    failure = null;
                    break;
                } else if (decision instanceof Decision.GiveUp g) {
                    if (call == null || g.reason() != FailureReason.EXHAUSTED) {
                        failure = g.reason();
                        break;
                    }
                    fallBack = true;
                    why = FallbackChain.Reason.GAVE_UP;
                    otherwise = FailureReason.EXHAUSTED;
                } else if (decision instanceof Decision.Retry r) {
                    if (timing.stop().stopped()) {
                        failure = FailureReason.DEADLINE;
                        break;
                    }
                    if (call != null && !gates.tryRetry(call, doneNanos)) {
                        failure = FailureReason.BUDGET;
                        break;
                    }
                    Boolean waited = await(doneNanos, doneNanos + r.delayNanos());
                    if (waited == null) interrupted = true;
                    if (waited == null || !waited) {
                        failure = FailureReason.DEADLINE;
                        break;
                    }
                    state = r.next();
                    continue;
                } else {
                    throw new IllegalStateException("unknown decision " + decision);
                }
            }
            // leave the tier: the next one, after the policy's pause, with fresh retries
            if (gates.fallback(call, doneNanos, why).isEmpty()) {
                failure = otherwise;
                break;
            }
            if (timing.stop().stopped()) {
                failure = FailureReason.DEADLINE;
                break;
            }
            state = policy.start();
            if (fallbackPauseNanos > 0) {
                Boolean waited = await(doneNanos, doneNanos + fallbackPauseNanos);
                if (waited == null) interrupted = true;
                if (waited == null || !waited) {
                    failure = FailureReason.DEADLINE;
                    break;
                }
            }
        }
        end(intendedNanos, firstSendNanos, failure);
        return interrupted;
    }

    /** A wait before the next attempt, recorded as backing off: true when it ran out, false when the run stopped, null when interrupted. */
    private Boolean await(long fromNanos, long untilNanos) {
        recorder.backoffBegins(fromNanos);
        try {
            return timing.awaitElapsed(untilNanos);
        } catch (InterruptedException e) {
            return null;
        } finally {
            recorder.backoffEnds(timing.elapsedNanos());
        }
    }

    private void end(long intendedNanos, long firstSendNanos, FailureReason failure) {
        long endNanos = timing.elapsedNanos();
        // A request refused before its first attempt was never on the wire: its uncorrected latency is 0.
        long fromActualNanos = firstSendNanos < 0 ? 0 : endNanos - firstSendNanos;
        recorder.requestDone(endNanos, failure, endNanos - intendedNanos, fromActualNanos);
        timing.requestEnded(endNanos);
    }
}
