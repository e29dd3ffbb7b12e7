package dev.stampede.load;

import dev.stampede.lifecycle.Horizon;
import dev.stampede.lifecycle.Lifecycle;
import dev.stampede.lifecycle.RequestLifecycle;
import dev.stampede.lifecycle.RequestLifecycle.Action;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.policy.BlockingConcurrencyLimiter;
import dev.stampede.policy.PolicyGates;
import dev.stampede.retry.RetryPolicy;

import dev.stampede.scenario.RequestDraws;

import java.net.URI;
import java.util.List;
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
    /** What each arrival sends ({@code mix:}, variables, data); {@code null} when every request is the same bytes. */
    private final RequestDraws draws;
    /** Per template: its retry policy (the population's with the template's retry keys), or {@code null}: the lifecycle's. */
    private final RetryPolicy[] templatePolicies;
    /** Per template: its per-attempt timeout; {@code null}: {@link #attemptTimeoutNanos}. */
    private final long[] templateTimeoutsNanos;
    /** Figures are broken down per template (a mix of more than one). */
    private final boolean breakdown;
    /** The run's base URL, which a rendered path is appended to. */
    private final URI base;
    /** The request body's size when every request is the same bytes ({@code draws == null}): what a price per KiB counts. */
    private final long fixedBodyBytes;

    /** The policy's work queue ({@code workQueue:}), or {@code null}: its requests wait in it and its workers send. */
    private LiveWorkQueue workQueue;

    /** Sends every request through {@code queue} (set once, before the run starts). */
    void workQueue(LiveWorkQueue queue) { this.workQueue = queue; }

    /**
     * One attempt of a work queue's request, sent by its worker as soon as the worker took it: its send lag counts
     * from then (the queue's wait is the policy's).
     */
    Exchange.Answer workerAttempt(Action.Send send, RequestDraws.Draw d, long logicalId) throws InterruptedException {
        long callNanos = timing.elapsedNanos();
        Exchange.Answer answer = send(send, d, logicalId, callNanos);  // the worker sends at once: the price is filed at this moment
        long waitNanos = answer.connectionWaitNanos();
        lifecycle.recorder().attemptLeft(callNanos, waitNanos, waitNanos, waitNanos > 0, answer.leftClient());
        return answer;
    }

    /** The draw of a run whose every request is the same bytes (no draws). */
    private static final RequestDraws.Draw FIXED = new RequestDraws.Draw(0, 0, -1, "", 0);

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
        this(timing, exchange, lifecycle, attemptTimeoutNanos, limiter, bugs, null, null, null);
    }

    /**
     * @param draws            what each arrival sends, or {@code null} when every request is the same bytes (the
     *                         exchange's own request)
     * @param templatePolicies per template of the mix, its retry policy; or {@code null} for the lifecycle's
     * @param base             the run's base URL (a rendered path is appended to it); needed with {@code draws}
     */
    LogicalRequest(RunTiming timing, Exchange exchange, Lifecycle lifecycle, long attemptTimeoutNanos,
                   BlockingConcurrencyLimiter limiter, Consumer<RuntimeException> bugs, RequestDraws draws,
                   List<RetryPolicy> templatePolicies, URI base) {
        this(timing, exchange, lifecycle, attemptTimeoutNanos, limiter, bugs, draws, templatePolicies, base, 0);
    }

    /** @param fixedBodyBytes the request body's size in bytes when {@code draws} is {@code null} (a price per KiB) */
    LogicalRequest(RunTiming timing, Exchange exchange, Lifecycle lifecycle, long attemptTimeoutNanos,
                   BlockingConcurrencyLimiter limiter, Consumer<RuntimeException> bugs, RequestDraws draws,
                   List<RetryPolicy> templatePolicies, URI base, long fixedBodyBytes) {
        this.fixedBodyBytes = fixedBodyBytes;
        this.draws = draws;
        this.templatePolicies = templatePolicies == null ? null : templatePolicies.toArray(RetryPolicy[]::new);
        this.templateTimeoutsNanos = draws == null ? null
                : draws.mix().templates().stream().mapToLong(t -> t.timeout().toNanos()).toArray();
        this.breakdown = draws != null && draws.mix().breakdown();
        this.base = base;
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
        RequestDraws.Draw d = next();
        return d != null && run(d, intendedNanos, rng, gates);
    }

    /**
     * The next arrival's draw (its template, data row and variables), or {@code null} when no arrival is left (a
     * data file read once is used up): the load model then offers no more requests. Call once per arrival, before
     * recording it.
     */
    RequestDraws.Draw next() {
        return draws == null ? FIXED : draws.next();
    }

    /**
     * True when a new request would find the connection limit's waiting line full ({@link Exchange#connectionsFull}),
     * {@code coming} requests not started yet counted as waiting.
     */
    boolean connectionsFull(int coming) {
        return exchange.connectionsFull(coming);
    }

    /** As {@link #run(long, RandomGenerator, PolicyGates)}, for the arrival drawn as {@code d} ({@link #next}). */
    boolean run(RequestDraws.Draw d, long intendedNanos, RandomGenerator rng, PolicyGates gates) {
        RetryPolicy policy = templatePolicies == null ? lifecycle.policy() : templatePolicies[d.template()];
        RequestLifecycle request = lifecycle.request(gates, rng, intendedNanos, timing.elapsedNanos(), policy,
                breakdown ? d.template() : -1);
        // the run-wide number of the request (the simulator numbers requests as they start too): its idempotency key and,
        // for the embedded mock, its identity (executions) and API key (rateLimit)
        long logicalId = timing.nextRequestNumber();
        if (workQueue != null) return workQueue.run(request, d, logicalId);
        Flag interrupted = new Flag();
        try {
            if (!admitted(request, interrupted)) return interrupted.set;
            Flag holds = new Flag();
            holds.set = limiter != null;
            try {
                // the first attempt is due at the intended start, or (with a concurrency limit, whose wait is the
                // policy's and reported as limiterWait) when the limiter let it go
                long dueNanos = limiter == null ? intendedNanos : Math.max(intendedNanos, timing.elapsedNanos());
                drive(request, d, request.start(timing.elapsedNanos()), dueNanos, interrupted, logicalId, holds);
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
     * Performs the lifecycle's actions for the arrival drawn as {@code d} until it ends. {@code dueNanos} is when the
     * next attempt is due: its send lag (the generator lag, docs/metrics.md) runs from there until it leaves the
     * client. With a cap per attempt ({@link BlockingConcurrencyLimiter#perAttempt()}) the slot ({@code holds}) is
     * given back for every wait and taken again before the wait's end is delivered; a refusal then ends the request as
     * the limiter's, an interruption as the horizon's.
     */
    private void drive(RequestLifecycle request, RequestDraws.Draw d, Action action, long dueNanos, Flag interrupted,
                       long logicalId, Flag holds) {
        RunRecorder recorder = lifecycle.recorder();
        while (true) {
            switch (action) {
                case Action.Send send -> {
                    Exchange.Answer answer;
                    long callNanos = timing.elapsedNanos();
                    try {
                        answer = send(send, d, logicalId, request.attemptSentNanos());
                    } catch (InterruptedException e) {
                        interrupted.set = true;
                        action = request.abandoned(timing.elapsedNanos());
                        continue;
                    }
                    long waitNanos = answer.connectionWaitNanos();
                    recorder.attemptLeft(callNanos, Math.max(0, callNanos - dueNanos) + waitNanos, waitNanos, waitNanos > 0,
                            answer.leftClient());
                    long now = timing.elapsedNanos();
                    action = request.answered(now, answer.outcome(), answer.body());
                    dueNanos = now;  // a next attempt at once (a fallback without pause) is due now
                }
                case Action.Wait wait -> {
                    dueNanos = wait.untilNanos();
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

    /** One attempt: tier 0 is the scenario's own request (rendered from its template); a fallback tier's target is an absolute URL. */
    private Exchange.Answer send(Action.Send send, RequestDraws.Draw d, long logicalId, long sentNanos) throws InterruptedException {
        if (draws == null) {
            lifecycle.recorder().attemptBilled(sentNanos, send.tier(), fixedBodyBytes);
            return exchange.send(send.tier() == 0 ? null : send.target(), attemptTimeoutNanos, send.readBody(), logicalId);
        }
        RequestDraws.Rendered r = draws.render(d, send.attempt());
        lifecycle.recorder().attemptBilled(sentNanos, send.tier(), r.bodyBytes());
        URI url = send.tier() == 0 ? LiveEngine.join(base, r.path()) : URI.create(send.target());
        return exchange.send(r, url, templateTimeoutsNanos[d.template()], send.readBody(), logicalId);
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
