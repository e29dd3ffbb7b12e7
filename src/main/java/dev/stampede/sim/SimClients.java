package dev.stampede.sim;

import dev.stampede.lifecycle.Horizon;
import dev.stampede.lifecycle.Lifecycle;
import dev.stampede.lifecycle.RequestLifecycle;
import dev.stampede.policy.ConcurrencyLimiter;
import dev.stampede.policy.PolicyGates;
import dev.stampede.policy.PolicySpec;
import dev.stampede.policy.Refusal;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.server.RoutedModel;

import dev.stampede.retry.RetryPolicy;
import dev.stampede.scenario.RequestDraws;
import dev.stampede.scenario.RequestMix;

import java.net.URI;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The clients of a simulated run: the simulator's driver of {@link RequestLifecycle}. Each logical request's
 * lifecycle decides (gates, retries, fallbacks) and records; this class carries out its actions with events — an
 * attempt goes to the server through {@link AttemptSender}, a wait is a {@link SimRun#SEND} event, an end frees the
 * request's concurrency-limit slot and tells the load model ({@link Next}). The concurrency limit is event-based
 * here ({@link ConcurrencyLimiter}: a FIFO queue, {@link SimRun#LIMIT_EXPIRE} events); the reasons it gives are the
 * lifecycle's. Open-model arrivals share one set of gates per population; closed and herd clients have their own.
 *
 * <p>Single-threaded; one instance per run.
 */
final class SimClients {

    /** Puts an attempt of {@code slot} for {@code path} on the wire to the server. */
    @FunctionalInterface
    interface AttemptSender {
        void send(int slot, long t, String path);
    }

    /** What the slot's client does once its request ended (the load model's part). */
    @FunctionalInterface
    interface Next {
        void requestEnded(int slot, long t);

        /** The slot's client found no arrival left (a data file read once is used up): it makes no more requests. */
        default void arrivalsEnded(int slot, long t) { }
    }

    private final Agenda agenda;
    private final RequestTable requests;
    private final SimRun.Population[] pops;
    private final RandomGenerator retryRng;
    private final String primaryPath;
    private final AttemptSender sender;
    private Next next;
    /** What each arrival sends; {@code null} when every request is the same bytes. */
    private final RequestDraws draws;
    /** Per template: its per-attempt timeout. */
    private final long[] timeoutsNanos;
    /** Per population, per template: its retry policy; a population's entry is {@code null} without template retry keys. */
    private final RetryPolicy[][] templatePolicies;
    /** Figures broken down per template. */
    private final boolean breakdown;
    /** Told when a data file read once is used up: arrivals end. */
    private LongConsumer arrivalsEnded = t -> { };
    /** The draw of a run whose every request is the same bytes. */
    private static final RequestDraws.Draw FIXED = new RequestDraws.Draw(0, 0, -1, "", 0);

    /** Per population: the run's gates, or {@code null} when its policy needs none. */
    private final PolicyGates[] runGates;
    /** Per population: the rules its requests' lifecycles follow. */
    private final Lifecycle[] lifecycles;
    /** Per population: its concurrency limiter, or {@code null}. */
    private final ConcurrencyLimiter[] limiters;
    /** Until when requests may retry: closed when the graceful stop ends. */
    private final Horizon horizon = new Horizon();
    /** Per population: its work queue ({@code workQueue:}), or {@code null}. */
    private final dev.stampede.lifecycle.WorkQueue<Integer>[] workQueues;
    /** The work-queue entry of each slot's request in progress, by slot. */
    private final java.util.Map<Integer, dev.stampede.lifecycle.WorkQueue.Entry<Integer>> entries = new java.util.HashMap<>();
    /** Closed and herd models: each client's gates, by slot; {@code null} otherwise. */
    private PolicyGates[] clientGates;

    private final int[] active;
    private int activeTotal;
    private long lastDoneNanos;
    private long attemptsSent;
    private long endedAtStop;
    /** Requests started so far, over every population: the next one's number (the live engine counts alike). */
    private long requestsStarted;

    /**
     * @param draws   what each arrival sends ({@code mix:}, variables, data), or {@code null} when every request is the
     *                same bytes
     * @param mix     the scenario's mix: its templates' timeouts, and whether figures are broken down per template
     */
    SimClients(Agenda agenda, RequestTable requests, SimRun.Population[] pops, RandomGenerator retryRng, String primaryPath,
               AttemptSender sender, Lifecycle.Trace trace, RequestDraws draws, RequestMix mix) {
        this.draws = draws;
        this.timeoutsNanos = mix.templates().stream().mapToLong(t -> t.timeout().toNanos()).toArray();
        this.breakdown = mix.breakdown();
        this.templatePolicies = new RetryPolicy[pops.length][];
        for (int i = 0; i < pops.length; i++) {
            List<RetryPolicy> byTemplate = pops[i].templatePolicies();
            templatePolicies[i] = byTemplate == null ? null : byTemplate.toArray(RetryPolicy[]::new);
        }
        this.agenda = agenda;
        this.requests = requests;
        this.pops = pops;
        this.retryRng = retryRng;
        this.primaryPath = primaryPath;
        this.sender = sender;
        int n = pops.length;
        this.runGates = new PolicyGates[n];
        this.limiters = new ConcurrencyLimiter[n];
        this.lifecycles = new Lifecycle[n];
        this.active = new int[n];
        AtomicLong attemptIds = new AtomicLong();
        @SuppressWarnings("unchecked")
        dev.stampede.lifecycle.WorkQueue<Integer>[] queues = new dev.stampede.lifecycle.WorkQueue[n];
        this.workQueues = queues;
        for (int i = 0; i < n; i++) {
            if (pops[i].workQueue() != null) workQueues[i] = pops[i].workQueue().fresh();
            PolicySpec spec = pops[i].spec();
            runGates[i] = Lifecycle.gates(spec, primaryPath, t -> t);
            limiters[i] = spec.limiter() == null ? null : new ConcurrencyLimiter(spec.limiter());
            lifecycles[i] = new Lifecycle(pops[i].policy(), pops[i].fallbackPauseNanos(), pops[i].recorder(), horizon,
                    attemptIds, trace);
        }
    }

    /** The request body's size when every request is the same bytes ({@code draws == null}): what a price per KiB counts. */
    private long fixedBodyBytes;

    /** Sets the body size of a run whose every request is the same bytes; call before the run starts. */
    void fixedBodyBytes(long bytes) { this.fixedBodyBytes = bytes; }

    /** Told the time at which a data file read once was used up (no arrival is left). */
    void onArrivalsEnded(LongConsumer arrivalsEnded) { this.arrivalsEnded = arrivalsEnded; }

    /**
     * An arrival the load model refuses (open model: saturated) still uses its draw, as in the live engine; false
     * when no arrival was left (arrivals have ended).
     */
    boolean drawRefused(long t) {
        if (draws == null || draws.next() != null) return true;
        arrivalsEnded.accept(t);
        return false;
    }

    /** The load model, told when each request ends. */
    void nextStep(Next next) { this.next = next; }

    /** Closed and herd models: {@code clients} clients, each with gates of its own ({@link #newClient}). */
    void clientsWithOwnGates(int clients) { clientGates = new PolicyGates[clients]; }

    /** The slot is a client of {@code population} with its own gates (its budget and throttle, unless shared). */
    void newClient(int slot, int population) {
        requests.population[slot] = population;
        clientGates[slot] = runGates[population] == null ? null : runGates[population].forClient();
    }

    /** Requests of {@code population} in flight (started, not ended). */
    int active(int population) { return active[population]; }

    int activeTotal() { return activeTotal; }

    /** When the last request ended (or the last saturated arrival came). */
    long lastDoneNanos() { return lastDoneNanos; }

    /** An arrival the load model refused at {@code t} (open model: saturated) counts as the latest end. */
    void noteDone(long t) { lastDoneNanos = Math.max(lastDoneNanos, t); }

    long attemptsSent() { return attemptsSent; }

    long endedAtStop() { return endedAtStop; }

    private PolicyGates gatesOf(int slot) {
        return clientGates == null ? runGates[requests.population[slot]] : clientGates[slot];
    }

    /** The slot's client starts a request at {@code t}: its limiter first (when its policy has one), then its lifecycle. */
    void startRequest(int slot, long t) {
        int population = requests.population[slot];
        RequestDraws.Draw d = draws == null ? FIXED : draws.next();
        if (d == null) {
            next.arrivalsEnded(slot, t);
            arrivalsEnded.accept(t);
            return;
        }
        requests.draw[slot] = d;
        requests.timeoutNanos[slot] = timeoutsNanos[d.template()];
        active[population]++;
        activeTotal++;
        pops[population].recorder().arrival(t);
        RequestTable r = requests;
        r.number[slot] = requestsStarted++;
        RetryPolicy[] byTemplate = templatePolicies[population];
        RequestLifecycle lc = lifecycles[population].request(gatesOf(slot), retryRng, t, t,
                byTemplate == null ? lifecycles[population].policy() : byTemplate[d.template()], breakdown ? d.template() : -1);
        r.lifecycle[slot] = lc;
        r.holdsSlot[slot] = false;
        r.queued[slot] = false;
        dev.stampede.lifecycle.WorkQueue<Integer> wq = workQueues[population];
        if (wq != null) {
            dev.stampede.lifecycle.WorkQueue.Submitted<Integer> sub = wq.submit(t, lc, slot);
            if (!lc.done()) {
                entries.put(slot, sub.entry());
                agenda.schedule(sub.entry().deadlineNanos(), SimRun.WQ_DEADLINE, slot);
            }
            apply(population, t, sub.effects());
            return;
        }
        ConcurrencyLimiter limiter = limiters[population];
        if (limiter != null) {
            switch (limiter.acquire(t, slot)) {
                case ConcurrencyLimiter.Acquire.Granted g -> r.holdsSlot[slot] = true;
                case ConcurrencyLimiter.Acquire.Queued q -> {
                    r.queued[slot] = true;
                    agenda.schedule(q.deadlineNanos(), SimRun.LIMIT_EXPIRE, population);
                    return;
                }
                case ConcurrencyLimiter.Acquire.Rejected rej -> {
                    perform(slot, t, lc.limiterRefused(t, rej.reason()));
                    return;
                }
            }
        }
        perform(slot, t, lc.start(t));
    }

    /** The event value of a work queue's worker: its population and its index. */
    int workerValue(int population, int worker) { return population + pops.length * worker; }

    /** {@link SimRun#WQ_DEADLINE}: the caller of the slot's queued request reaches its deadline (unless it ended). */
    void onWorkQueueDeadline(int slot, long t) {
        dev.stampede.lifecycle.WorkQueue.Entry<Integer> e = entries.get(slot);
        if (e == null || e.deadlineNanos() != t) return;  // it ended before, and the slot may hold a newer request
        apply(requests.population[slot], t, workQueues[requests.population[slot]].deadline(e, t));
    }

    /** {@link SimRun#WQ_WAKE}: a work queue's worker ends its backoff sleep. */
    void onWorkerWake(int value, long t) {
        int population = value % pops.length;
        apply(population, t, workQueues[population].sleepOver(value / pops.length, t));
    }

    /** Carries out a work queue's effects in order: attempts on the wire, workers' sleeps, requests' ends. */
    private void apply(int population, long t, List<dev.stampede.lifecycle.WorkQueue.Effect<Integer>> effects) {
        for (dev.stampede.lifecycle.WorkQueue.Effect<Integer> effect : effects) {
            switch (effect) {
                case dev.stampede.lifecycle.WorkQueue.Effect.Send<Integer> send -> perform(send.entry().handle(), t, send.send());
                case dev.stampede.lifecycle.WorkQueue.Effect.Sleep<Integer> sleep -> agenda.schedule(sleep.untilNanos(),
                        SimRun.WQ_WAKE, workerValue(population, sleep.worker()));
                case dev.stampede.lifecycle.WorkQueue.Effect.Ended<Integer> ended -> {
                    int slot = ended.entry().handle();
                    if (entries.get(slot) == ended.entry()) entries.remove(slot);
                    perform(slot, t, ended.end());
                }
            }
        }
    }

    /** {@link SimRun#LIMIT_EXPIRE}: waiters of the population's limiter whose maximum wait has come fail. */
    void onLimitExpire(int population, long t) {
        for (long id : limiters[population].expire(t)) expired((int) id, t);
    }

    /** A waiter of the concurrency limit reached its maximum wait (before its start, or before a retry). */
    private void expired(int slot, long t) {
        requests.queued[slot] = false;
        perform(slot, t, requests.lifecycle[slot].limiterRefused(t, Refusal.LIMITER_WAIT));
    }

    /**
     * The slot's request was granted a limiter slot it waited for: it starts, or (a cap per attempt) its retry goes
     * now that its backoff wait and its wait for the slot are over.
     */
    private void granted(int slot, long t) {
        RequestTable r = requests;
        r.queued[slot] = false;
        r.holdsSlot[slot] = true;
        RequestLifecycle lc = r.lifecycle[slot];
        perform(slot, t, lc.waiting() ? lc.timerFired(t) : lc.start(t));
    }

    /** Gives the slot's limiter slot back; the next waiter, if any, goes (and those past their wait fail). */
    private void releaseSlot(int slot, long t) {
        RequestTable r = requests;
        r.holdsSlot[slot] = false;
        ConcurrencyLimiter.Handoff h = limiters[r.population[slot]].release(t);
        for (long id : h.expired()) expired((int) id, t);
        if (h.granted().isPresent()) granted((int) h.granted().getAsLong(), t);
    }

    /** The request's lifecycle ended (and recorded its end): its limiter slot goes to the next waiter, its client goes on. */
    private void finish(int slot, long t) {
        RequestTable r = requests;
        int population = r.population[slot];
        r.lifecycle[slot] = null;
        active[population]--;
        activeTotal--;
        lastDoneNanos = Math.max(lastDoneNanos, t);
        if (r.holdsSlot[slot]) releaseSlot(slot, t);
        next.requestEnded(slot, t);
    }

    /**
     * The horizon closes with {@code reason} (the graceful stop ended: {@code unfinished}; a cancelled run:
     * {@code interrupted}); waiters of a concurrency limit and requests waiting to retry end now, cut off, in slot
     * order. Attempts on the wire finish and are not retried.
     */
    void closeHorizon(long t, FailureReason reason) {
        horizon.close(reason);
        for (int p = 0; p < workQueues.length; p++) if (workQueues[p] != null) apply(p, t, workQueues[p].close(t));
        RequestTable r = requests;
        for (int slot = 0; slot < r.used(); slot++) {
            if (r.queued[slot] && r.active[slot]) {
                limiters[r.population[slot]].cancel(slot);
                r.queued[slot] = false;
                perform(slot, t, r.lifecycle[slot].cutOff(t));
                continue;
            }
            RequestLifecycle lc = r.lifecycle[slot];
            if (lc != null && lc.waiting()) perform(slot, t, lc.cutOff(t));
        }
    }

    /** Carries out what a request's lifecycle asks for next. */
    private void perform(int slot, long t, RequestLifecycle.Action action) {
        switch (action) {
            case RequestLifecycle.Action.Send send -> {
                attemptsSent++;
                requests.attemptSentNanos[slot] = t;
                sender.send(slot, t, path(slot, send));
            }
            case RequestLifecycle.Action.Wait wait -> {
                agenda.schedule(wait.untilNanos(), SimRun.SEND, slot);
                // a cap per attempt: the slot goes back for the wait, and onSend takes one again before the retry
                if (requests.holdsSlot[slot] && limiters[requests.population[slot]].spec().perAttempt()) releaseSlot(slot, t);
            }
            case RequestLifecycle.Action.End end -> {
                if (end.cutOff()) endedAtStop++;
                finish(slot, t);
            }
        }
    }

    /**
     * The path an attempt goes to: tier 0 is the request's own (rendered from its template, which also sets the
     * attempt's body size), a fallback tier's is its target's.
     */
    private String path(int slot, RequestLifecycle.Action.Send send) {
        dev.stampede.metrics.RunRecorder recorder = pops[requests.population[slot]].recorder();
        if (draws == null) {
            recorder.attemptBilled(requests.attemptSentNanos[slot], send.tier(), fixedBodyBytes);
            return send.target() == null ? primaryPath : pathOf(send.target());
        }
        RequestDraws.Rendered r = draws.render(requests.draw[slot], send.attempt());
        requests.bodyBytes[slot] = r.bodyBytes();
        recorder.attemptBilled(requests.attemptSentNanos[slot], send.tier(), r.bodyBytes());
        if (send.tier() > 0) return pathOf(send.target());
        int query = r.path().indexOf('?');
        return query < 0 ? r.path() : r.path().substring(0, query);
    }

    /** {@link SimRun#SEND}: the slot's wait is over. */
    void onSend(int slot, long t) {
        RequestLifecycle lc = requests.lifecycle[slot];
        if (lc == null || !lc.waiting()) return; // the request ended at the stop while it waited
        ConcurrencyLimiter limiter = limiters[requests.population[slot]];
        if (limiter != null && limiter.spec().perAttempt() && !requests.holdsSlot[slot]) {
            switch (limiter.acquire(t, slot)) { // its retry needs a slot again
                case ConcurrencyLimiter.Acquire.Granted g -> requests.holdsSlot[slot] = true;
                case ConcurrencyLimiter.Acquire.Queued q -> {
                    requests.queued[slot] = true;
                    agenda.schedule(q.deadlineNanos(), SimRun.LIMIT_EXPIRE, requests.population[slot]);
                    return;
                }
                case ConcurrencyLimiter.Acquire.Rejected rej -> {
                    perform(slot, t, lc.limiterRefused(t, rej.reason()));
                    return;
                }
            }
        }
        perform(slot, t, lc.timerFired(t));
    }

    /** The path of a tier's target: a path as is, the path of an absolute URL. */
    static String pathOf(String target) {
        if (target.startsWith("/")) return target;
        String p = URI.create(target).getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    /** The answer to the slot's current attempt (or its timeout) reached the client. */
    void onAnswer(int slot, long t, AttemptOutcome outcome) {
        RequestTable r = requests;
        String body = outcome.isSuccess() ? (r.degraded[slot] ? RoutedModel.DEGRADED_BODY : RoutedModel.ANSWER_BODY) : null;
        dev.stampede.lifecycle.WorkQueue<Integer> wq = workQueues[r.population[slot]];
        if (wq != null) {
            apply(r.population[slot], t, wq.answered(entries.get(slot), t, outcome, body));
            return;
        }
        perform(slot, t, r.lifecycle[slot].answered(t, outcome, body));
    }
}
