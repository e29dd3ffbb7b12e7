package dev.stampede.load;

import dev.stampede.metrics.RunRecorder;
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

    LogicalRequest(RunTiming timing, Exchange exchange, RetryPolicy policy, RunRecorder recorder, long attemptTimeoutNanos) {
        this.timing = timing;
        this.exchange = exchange;
        this.policy = policy;
        this.recorder = recorder;
        this.attemptTimeoutNanos = attemptTimeoutNanos;
    }

    /**
     * Runs one request whose {@code arrival} is already recorded.
     *
     * @param intendedNanos its intended start, nanoseconds since the run started
     * @param gates         the scenario's retry budget and circuit breaker ({@code retry.budget},
     *                      {@code retry.circuitBreaker}) as the client sees them, or {@code null} for none
     * @return true when the thread was interrupted (the caller should stop)
     */
    boolean run(long intendedNanos, RandomGenerator rng, PolicyGates gates) {
        // The state is threaded through as the policy returns it (start(), then each Retry.next()): the
        // policy alone decides what its counters mean.
        RetryState state = policy.start();
        PolicyGates.Call call = gates == null ? null : gates.begin(timing.elapsedNanos());
        long firstSendNanos = -1;
        FailureReason failure;
        boolean interrupted = false;
        while (true) {
            long sendNanos = timing.elapsedNanos();
            if (call != null && gates.beforeAttempt(call, sendNanos, rng) instanceof PolicyGates.Admission.Refused r) {
                failure = reason(r.reason());
                break;
            }
            if (firstSendNanos < 0) firstSendNanos = sendNanos;
            recorder.attemptSent(sendNanos);
            AttemptOutcome outcome;
            try {
                outcome = exchange.send(attemptTimeoutNanos);
            } catch (InterruptedException e) {
                outcome = AttemptOutcome.error(ErrorKind.TIMEOUT);
                interrupted = true;
            }
            long doneNanos = timing.elapsedNanos();
            recorder.attemptDone(doneNanos, outcome, doneNanos - sendNanos);
            if (interrupted) {
                if (call != null) gates.abandon(call);
                failure = outcome.isSuccess() ? null : FailureReason.DEADLINE;
                break;
            }
            if (call != null) gates.afterAttempt(call, doneNanos, outcome.status(), outcome.error(), null);
            Decision decision = policy.decide(state, outcome, rng, doneNanos);
            if (decision instanceof Decision.Succeed) {
                failure = null;
                break;
            } else if (decision instanceof Decision.GiveUp g) {
                failure = g.reason();
                break;
            } else if (decision instanceof Decision.Retry r) {
                if (timing.stop().stopped()) {
                    failure = FailureReason.DEADLINE;
                    break;
                }
                if (call != null && !gates.tryRetry(call, doneNanos)) {
                    failure = FailureReason.BUDGET;
                    break;
                }
                recorder.backoffBegins(doneNanos);
                boolean waited;
                try {
                    waited = timing.awaitElapsed(doneNanos + r.delayNanos());
                } catch (InterruptedException e) {
                    waited = false;
                    interrupted = true;
                }
                recorder.backoffEnds(timing.elapsedNanos());
                if (!waited) {
                    failure = FailureReason.DEADLINE;
                    break;
                }
                state = r.next();
            } else {
                throw new IllegalStateException("unknown decision " + decision);
            }
        }
        long endNanos = timing.elapsedNanos();
        // A request refused before its first attempt was never on the wire: its uncorrected latency is 0.
        long fromActualNanos = firstSendNanos < 0 ? 0 : endNanos - firstSendNanos;
        recorder.requestDone(endNanos, failure, endNanos - intendedNanos, fromActualNanos);
        timing.requestEnded(endNanos);
        return interrupted;
    }

    private static FailureReason reason(Refusal refusal) {
        return switch (refusal) {
            case BUDGET -> FailureReason.BUDGET;
            case CIRCUIT_OPEN -> FailureReason.CIRCUIT_OPEN;
            // Not produced by the scenario's budget and breaker; the closest reason the report knows.
            case THROTTLED, QUEUE_FULL, QUALITY_GATE -> FailureReason.BUDGET;
            case DEADLINE -> FailureReason.DEADLINE;
        };
    }
}
