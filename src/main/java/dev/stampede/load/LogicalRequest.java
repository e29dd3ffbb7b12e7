package dev.stampede.load;

import dev.stampede.lifecycle.Horizon;
import dev.stampede.lifecycle.Lifecycle;
import dev.stampede.lifecycle.RequestLifecycle;
import dev.stampede.lifecycle.RequestLifecycle.Action;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.policy.BlockingConcurrencyLimiter;
import dev.stampede.policy.PolicyGates;
import dev.stampede.retry.RetryPolicy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The live engine's driver of {@link RequestLifecycle}: one user intent run to its end on the calling (virtual)
 * thread. It performs the machine's actions with real I/O and real waits (an attempt through the
 * {@link Exchange}, a wait on the run's clock) and feeds the results back as events; the machine decides and
 * records. Shared by every load model; thread-safe (holds only run-wide collaborators).
 *
 * <p>A concurrency limit wraps the whole request (blocking here; the reason it gives is the machine's). When the
 * run stops, a request waiting to retry ends at once (the {@link Horizon} closed before the stop signal); an
 * attempt on the wire may finish within the drain grace. An attempt abandoned at the run's end (its thread
 * interrupted) counts as {@code timeout}. A {@link RuntimeException} from the engine's own code ends the request
 * as {@code internalError} (the run then exits 1), never the client's thread.
 */
final class LogicalRequest {

    private final RunTiming timing;
    private final Exchange exchange;
    private final Lifecycle lifecycle;
    private final long attemptTimeoutNanos;
    private final BlockingConcurrencyLimiter limiter;
    private final Consumer<RuntimeException> bugs;

    /** A request without policy gates, limiter or fallback pause, on its own horizon and attempt ids (tests). */
    LogicalRequest(RunTiming timing, Exchange exchange, RetryPolicy policy, RunRecorder recorder, long attemptTimeoutNanos) {
        this(timing, exchange, new Lifecycle(policy, 0, recorder, new Horizon(), new AtomicLong()), attemptTimeoutNanos, null,
                e -> { });
    }

    /**
     * @param lifecycle the population's rules (policy, fallback pause, recorder, the run's horizon and attempt ids)
     * @param limiter   the policy's concurrency limit, wrapping the whole request; or {@code null}
     * @param bugs      told every {@link RuntimeException} that ended a request as {@code internalError}
     */
    LogicalRequest(RunTiming timing, Exchange exchange, Lifecycle lifecycle, long attemptTimeoutNanos,
                   BlockingConcurrencyLimiter limiter, Consumer<RuntimeException> bugs) {
        this.timing = timing;
        this.exchange = exchange;
        this.lifecycle = lifecycle;
        this.attemptTimeoutNanos = attemptTimeoutNanos;
        this.limiter = limiter;
        this.bugs = bugs;
    }

    /**
     * Runs one request whose {@code arrival} is already recorded. Never throws for a failure of its own: a
     * {@link RuntimeException} ends the request as {@code internalError}.
     *
     * @param intendedNanos its intended start, nanoseconds since the run started
     * @param gates         the policy's budget, throttle, breakers, fallback chain and quality gate as the client
     *                      sees them, or {@code null} for none
     * @return true when the thread was interrupted (the caller should stop)
     */
    boolean run(long intendedNanos, RandomGenerator rng, PolicyGates gates) {
        long number = timing.nextRequestNumber(); // the simulator numbers requests as they start too
        RequestLifecycle request = lifecycle.request(gates, rng, intendedNanos, timing.elapsedNanos());
        Flag interrupted = new Flag();
        try {
            if (!admitted(request, interrupted)) return interrupted.set;
            Flag holds = new Flag();
            holds.set = limiter != null;
            try {
                drive(request, request.start(timing.elapsedNanos()), interrupted, number, holds);
            } finally {
                if (holds.set) limiter.release();
            }
        } catch (RuntimeException e) {
            if (!request.done()) ended(request.failed(timing.elapsedNanos()));
            bugs.accept(e);
        }
        return interrupted.set;
    }

    /** Passes the concurrency limit (when there is one); false when the limiter ended the request. */
    private boolean admitted(RequestLifecycle request, Flag interrupted) {
        if (limiter == null) return true;
        BlockingConcurrencyLimiter.Admission admission;
        try {
            admission = limiter.acquire();
        } catch (InterruptedException e) {
            interrupted.set = true;
            ended(request.interrupted(timing.elapsedNanos()));
            return false;
        }
        if (admission instanceof BlockingConcurrencyLimiter.Admission.Refused refused) {
            ended(request.limiterRefused(timing.elapsedNanos(), refused.reason()));
            interrupted.set = Thread.currentThread().isInterrupted();
            return false;
        }
        return true;
    }

    /**
     * Carries out the lifecycle's actions. With a cap per attempt ({@link BlockingConcurrencyLimiter#perAttempt()})
     * the slot ({@code holds}) is given back for every wait and taken again before the wait's end is delivered; a
     * refusal then ends the request as the limiter's, an interruption as the horizon's.
     */
    private void drive(RequestLifecycle request, Action action, Flag interrupted, long number, Flag holds) {
        while (true) {
            switch (action) {
                case Action.Send send -> {
                    Exchange.Answer answer;
                    try {
                        // tier 0 is the scenario's own request; a fallback tier's target is an absolute URL
                        answer = exchange.send(send.tier() == 0 ? null : send.target(), attemptTimeoutNanos, send.readBody(), number);
                    } catch (InterruptedException e) {
                        interrupted.set = true;
                        action = request.abandoned(timing.elapsedNanos());
                        continue;
                    }
                    action = request.answered(timing.elapsedNanos(), answer.outcome(), answer.body());
                }
                case Action.Wait wait -> {
                    boolean perAttempt = holds.set && limiter.perAttempt();
                    if (perAttempt) {
                        limiter.release();
                        holds.set = false;
                    }
                    boolean ranOut;
                    try {
                        ranOut = timing.awaitElapsed(wait.untilNanos());
                        if (ranOut && perAttempt) {
                            BlockingConcurrencyLimiter.Admission admission = limiter.acquire();
                            if (admission instanceof BlockingConcurrencyLimiter.Admission.Refused refused) {
                                action = request.limiterRefused(timing.elapsedNanos(), refused.reason());
                                continue;
                            }
                            holds.set = true;
                        }
                    } catch (InterruptedException e) {
                        interrupted.set = true;
                        action = request.interrupted(timing.elapsedNanos());
                        continue;
                    }
                    action = ranOut ? request.timerFired(timing.elapsedNanos()) : request.cutOff(timing.elapsedNanos());
                }
                case Action.End end -> {
                    ended(end);
                    return;
                }
            }
        }
    }

    /** The lifecycle returned {@code end} and has recorded it; the run's timing keeps its latest end. */
    private void ended(Action end) {
        timing.requestEnded(timing.elapsedNanos());
    }

    /** Whether the thread was interrupted, set from inside the drive loop. */
    private static final class Flag {
        boolean set;
    }
}
