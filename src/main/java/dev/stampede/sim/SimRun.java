package dev.stampede.sim;

import dev.stampede.scenario.ArrivalSchedule;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.policy.PolicyGates;
import dev.stampede.policy.PolicySpec;
import dev.stampede.policy.Refusal;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.retry.RetryPolicy.Decision;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.policy.ConcurrencyLimiter;
import dev.stampede.policy.FallbackChain;
import dev.stampede.metrics.ServerView;
import dev.stampede.server.OccRecord;
import dev.stampede.server.RoutedModel;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import java.util.random.RandomGenerator;

/**
 * One strategy of one scenario in virtual time: the event loop. Clients, the wire and the server are
 * events on one {@link EventQueue}; each event is a kind and a request slot packed into an {@code int}.
 *
 * <p>An attempt's life, capacity model: sent → (one network delay) → the server's {@link ServerModel}
 * decides → admitted requests leave service after their service time (or, aborted by a phase, at that
 * phase's start with a 529) → (one network delay) → the client sees the status, or a reset; a hang, or any answer later than the per-attempt timeout, ends
 * as {@code timeout} at {@code sent + timeout}. OCC model: the attempt reads the record's version (one
 * round trip), then writes conditionally (a second round trip), answered 200 or 409.
 *
 * <p>The client then asks the {@link RetryPolicy}: succeed, give up, or wait and send again. When its policy
 * has a budget, throttle, breaker, fallback chain or quality gate, the client consults {@link PolicyGates} as
 * the live engine does: before each attempt (a refusal fails the request; an open breaker moves it down the
 * chain), after it (a 2xx that fails the gate falls back), before each retry (an empty budget fails it as
 * {@code budget}), and when its retries on a tier are exhausted (the next tier, after the policy's
 * {@code fallbackPause}, with a fresh retry state); open-model arrivals share one set of gates, closed and herd
 * clients have their own. A concurrency limit wraps the whole request: a request waits in its FIFO queue (a full
 * queue fails it as {@code queueFull}, the maximum wait as {@code deadline}). Attempts go to the tier's path, which
 * the server routes ({@link RoutedModel}).
 *
 * <p>A mixed run has several populations, each with its policy, gates, limiter, load share and recorder, all
 * against the one server; every step is reported to the request's population's {@link RunRecorder},
 * single-threaded. Not reusable: one instance, one run.
 */
final class SimRun {

    private static final int KIND_BITS = 5;
    private static final int KIND_MASK = (1 << KIND_BITS) - 1;
    static final int MAX_VALUE = Integer.MAX_VALUE >>> KIND_BITS;

    /** Open model: the next scheduled arrival. */
    private static final int ARRIVAL = 0;
    /** Closed model: a client's think time is over; its next request starts. */
    private static final int CLIENT_NEXT = 1;
    /** A backoff wait is over; the next attempt goes on the wire. */
    private static final int SEND = 2;
    /** Capacity model: an attempt reaches the server (value: its server ticket, {@link SimServer}). */
    private static final int ARRIVE = 3;
    /** Capacity model: an attempt reaches the server after its client has timed out (nobody waits for the answer). */
    private static final int ARRIVE_ORPHAN = 4;
    /** Capacity model: an admitted request leaves service (value: its ticket). */
    static final int DEPART = 5;
    /** The answer to the current attempt reaches its client. */
    static final int RESPONSE = 6;
    /** The current attempt's timeout fires at its client. */
    static final int TIMEOUT = 7;
    /** OCC: the read reaches the record. */
    private static final int OCC_READ = 8;
    /** OCC: the read's answer (the version) reaches the client, which sends the conditional write. */
    static final int OCC_READ_ANSWERED = 9;
    /** OCC: the conditional write reaches the record. */
    private static final int OCC_WRITE = 10;
    /** OCC: a read whose client already timed out. */
    private static final int OCC_READ_ORPHAN = 11;
    /** OCC: a write whose client already timed out; the payload carries the version it read. */
    private static final int OCC_WRITE_ORPHAN = 12;
    /** The load stops: no new requests; requests waiting to retry end as {@code deadline}. */
    private static final int STOP = 13;
    /** A population's concurrency-limit queue may hold waiters whose maximum wait has come (value: population). */
    private static final int LIMIT_EXPIRE = 14;
    /** Server with a waiting room: requests that have waited {@code queueTimeout} by now are dropped. */
    static final int QUEUE_EXPIRE = 15;
    /** Event-driven server: a phase starts (aborts, worker count). */
    static final int PHASE_START = 16;
    /** Server with {@code cancelAbandoned}: a client stopped waiting (value: the attempt's ticket). */
    static final int ABANDON = 17;

    private static final AttemptOutcome OK = AttemptOutcome.status(200);
    private static final AttemptOutcome CONFLICT = AttemptOutcome.status(OccRecord.CONFLICT_STATUS);
    private static final AttemptOutcome TIMED_OUT = AttemptOutcome.error(ErrorKind.TIMEOUT);
    private static final AttemptOutcome RESET = AttemptOutcome.error(ErrorKind.RESET);

    /**
     * One population of a run: a plain run has one, with the whole load.
     *
     * @param policy             the backoff and attempt limit; its {@code name()} is not used (the recorder names the row)
     * @param spec               budget, throttle, breaker, limiter, chain and gate of the policy
     * @param fallbackPauseNanos pause before the first attempt on a fallback tier
     * @param recorder           where this population's events go
     * @param load               this population's share of the load
     */
    record Population(RetryPolicy policy, PolicySpec spec, long fallbackPauseNanos, RunRecorder recorder, LoadSpec load) {}

    private final Scenario scenario;
    private final Population[] pops;
    private final RoutedModel server;
    private final OccRecord occ;
    private final SimServer serverSide;
    private final NetworkModel network;
    private final RandomGenerator retryRng;
    private final long timeoutNanos;
    private final long durationNanos;
    private final long stopNanos;
    private final Simulator.Watch watch;
    private final String primaryPath;
    private boolean cancelled;
    private final EventQueue queue;
    private final RequestTable requests;

    /** Per population: the run's gates, or {@code null} when its policy needs none. */
    private final PolicyGates[] runGates;
    /** Per population: its concurrency limiter, or {@code null}. */
    private final ConcurrencyLimiter[] limiters;
    /** Closed and herd models: each client's gates, by slot; {@code null} otherwise. */
    private PolicyGates[] clientGates;

    private ArrivalSchedule[] openSchedules;
    /** Open model, per population: its arrivals are shifted by this much, so populations interleave instead of colliding. */
    private long[] arrivalOffsets;
    private int[] maxInFlight;
    private int[] active;
    private long thinkNanos;

    private int activeTotal;
    private long lastDoneNanos;
    private long events;
    private long attemptsSent;
    private boolean stopped;
    /** Requests were still running when the load stopped (for a herd: its deadline cut it short). */
    private boolean cutAtDeadline;
    private long endedAtStop;

    /**
     * @param pops       the populations (one for a plain run)
     * @param server     the load-shedding model (ignored, may be {@code null}, for {@code server.model: occ})
     * @param network    delays of every message
     * @param retryRng   the clients' random source (backoff jitter)
     * @param stopNanos  virtual time at which the load stops: no request starts from then on, requests
     *                   waiting to retry end as {@code deadline}, and attempts on the wire finish (each within
     *                   its timeout) but are not retried — as the live engine stops
     */
    SimRun(Scenario scenario, List<Population> pops, RoutedModel server, NetworkModel network,
           RandomGenerator retryRng, long stopNanos, Simulator.Watch watch) {
        this.scenario = scenario;
        this.pops = pops.toArray(Population[]::new);
        boolean occModel = scenario.server().model() == ServerSpec.Model.OCC;
        this.server = occModel ? null : java.util.Objects.requireNonNull(server, "server");
        this.occ = occModel ? new OccRecord() : null;
        this.network = network;
        this.retryRng = retryRng;
        this.timeoutNanos = scenario.request().timeout().toNanos();
        this.durationNanos = scenario.duration().toNanos();
        this.stopNanos = stopNanos;
        this.watch = watch;
        this.primaryPath = scenario.request().path();
        int clients = switch (scenario.load()) {
            case LoadSpec.Open o -> Math.min(o.maxInFlight(), 1 << 16);
            case LoadSpec.Closed c -> c.clients();
            case LoadSpec.Herd h -> h.clients();
        };
        this.runGates = new PolicyGates[this.pops.length];
        this.limiters = new ConcurrencyLimiter[this.pops.length];
        for (int i = 0; i < this.pops.length; i++) {
            PolicySpec spec = this.pops[i].spec();
            runGates[i] = needsGates(spec) ? PolicyGates.forRun(spec, primaryPath) : null;
            limiters[i] = spec.limiter() == null ? null : new ConcurrencyLimiter(spec.limiter());
        }
        this.queue = new EventQueue(clients * 2);
        this.requests = new RequestTable(clients);
        this.serverSide = new SimServer(this, this.server, occ, new ServerTally(scenario.sim().interval().toNanos()), network, requests,
                timeoutNanos);
        if (this.server != null) this.server.attach(serverSide);
    }

    /** Whether a policy needs {@link PolicyGates} at all (without any, requests skip them: millions of clients stay cheap). */
    static boolean needsGates(PolicySpec spec) {
        return spec.budget() != null || spec.throttle() != null || spec.breaker() != null || !spec.chain().isEmpty()
                || spec.gate() != null;
    }

    /** What a finished run measured, beside its {@link RunResult}s (one per population). */
    record Totals(List<RunResult> results, long events, long attemptsSent, long serverReceived, long endNanos, long endedAtStop) {
        RunResult result() { return results.getFirst(); }
    }

    Totals run() {
        start();
        loop();
        // As the live engine: the run's length is the time load was offered (events of the drain after it
        // still count); a herd's is when its last request finished, or its deadline.
        long end = cancelled ? queue.now() : switch (scenario.load()) {
            case LoadSpec.Herd h -> cutAtDeadline ? durationNanos : lastDoneNanos;
            default -> durationNanos;
        };
        int intervals = (int) Math.max(1, (end + scenario.sim().interval().toNanos() - 1) / scenario.sim().interval().toNanos());
        // A mixed run's populations share one server: its counts belong to no single row, so the rows carry none
        // (the simulator's own attemptsSent vs serverReceived is the self-check).
        boolean mixed = pops.length > 1;
        List<RunResult> results = new java.util.ArrayList<>();
        ServerView serverView = mixed ? null : serverSide.view(intervals, end);
        for (Population p : pops) results.add(p.recorder().finish(end, serverView, cancelled));
        return new Totals(List.copyOf(results), events, attemptsSent, serverSide.received(), end, endedAtStop);
    }

    private void start() {
        schedule(stopNanos, STOP, 0);
        serverSide.start();
        int n = pops.length;
        active = new int[n];
        maxInFlight = new int[n];
        java.util.Arrays.fill(maxInFlight, Integer.MAX_VALUE);
        switch (scenario.load()) {
            case LoadSpec.Open o -> {
                openSchedules = new ArrivalSchedule[n];
                arrivalOffsets = new long[n];
                for (int i = 0; i < n; i++) {
                    LoadSpec.Open share = (LoadSpec.Open) pops[i].load();
                    openSchedules[i] = new ArrivalSchedule(share, durationNanos, ArrivalSchedule.seedFor(scenario.seed(), i));
                    arrivalOffsets[i] = interleaveOffsetNanos(share, i, n);
                    maxInFlight[i] = share.maxInFlight();
                    scheduleNextArrival(i);
                }
            }
            case LoadSpec.Closed c -> {
                thinkNanos = c.think().toNanos();
                clientGates = new PolicyGates[c.clients()];
                for (int i = 0; i < n; i++) {
                    int clients = ((LoadSpec.Closed) pops[i].load()).clients();
                    for (int k = 0; k < clients; k++) {
                        int slot = requests.allocate();
                        requests.population[slot] = i;
                        clientGates[slot] = runGates[i] == null ? null : runGates[i].forClient();
                        // as the live engine: each client starts after U(0, think), so they do not all send at t=0
                        long first = thinkNanos > 0 ? (long) (retryRng.nextDouble() * thinkNanos) : 0;
                        if (first < durationNanos) schedule(first, CLIENT_NEXT, slot);
                    }
                }
            }
            case LoadSpec.Herd h -> {
                clientGates = new PolicyGates[h.clients()];
                for (int i = 0; i < n; i++) {
                    int clients = ((LoadSpec.Herd) pops[i].load()).clients();
                    for (int k = 0; k < clients; k++) {
                        int slot = requests.allocate();
                        requests.population[slot] = i;
                        requests.remaining[slot] = h.requests() - 1;
                        clientGates[slot] = runGates[i] == null ? null : runGates[i].forClient();
                        schedule(0, CLIENT_NEXT, slot);
                    }
                }
            }
        }
    }

    private PolicyGates gatesOf(int slot) {
        return clientGates == null ? runGates[requests.population[slot]] : clientGates[slot];
    }

    private Population pop(int slot) { return pops[requests.population[slot]]; }

    private void loop() {
        EventQueue q = queue;
        while (!q.isEmpty()) {
            q.poll();
            long t = q.polledTime();
            if ((++events & (Simulator.Watch.EVERY_EVENTS - 1)) == 0) {
                watch.virtualNanos().accept(t);
                if (watch.cancelled().getAsBoolean()) {
                    cancelled = true;
                    return;
                }
            }
            int payload = q.polledPayload();
            int value = payload >>> KIND_BITS;
            switch (payload & KIND_MASK) {
                case ARRIVAL -> onArrival(value, t);
                case CLIENT_NEXT -> onClientNext(value, t);
                case SEND -> onSend(value, t);
                case STOP -> onStop(t);
                case ARRIVE -> serverSide.onArrive(value, t);
                case ARRIVE_ORPHAN -> serverSide.onOrphanArrive(value, t);
                case DEPART -> serverSide.onDepart(value, t);
                case RESPONSE -> {
                    serverSide.clientDone(value);
                    onAnswer(value, t, requests.outcome[value]);
                }
                case TIMEOUT -> {
                    if (serverSide.timeoutDue(value, t)) {
                        serverSide.clientDone(value);
                        onAnswer(value, t, TIMED_OUT);
                    }
                }
                case OCC_READ -> serverSide.onOccRead(value, t);
                case OCC_READ_ANSWERED -> toServer(value, t + network.delayNanos(), OCC_WRITE, OCC_WRITE_ORPHAN,
                        versionPayload(requests.readVersion[value]));
                case OCC_WRITE -> serverSide.onOccWrite(value, t);
                case OCC_READ_ORPHAN -> serverSide.onOccReadOrphan();
                case OCC_WRITE_ORPHAN -> serverSide.onOccWriteOrphan(value, t);
                case LIMIT_EXPIRE -> onLimitExpire(value, t);
                case QUEUE_EXPIRE -> serverSide.onQueueExpire(t);
                case PHASE_START -> serverSide.onPhaseStart(t);
                case ABANDON -> serverSide.onAbandon(value, t);
                default -> throw new IllegalStateException("unknown event kind " + (payload & KIND_MASK));
            }
        }
    }

    // ---- load models ----

    private void scheduleNextArrival(int population) {
        long next = openSchedules[population].next();
        if (next >= 0 && next + arrivalOffsets[population] < durationNanos) {
            schedule(next + arrivalOffsets[population], ARRIVAL, population);
        }
    }

    /**
     * Population {@code index} of {@code count} starts {@code index/count} of its first arrival gap late: evenly
     * paced populations would otherwise arrive at the very same instants, and whichever the agenda serves first
     * would always take the server's last token (two halves of 200/s interleave as one 200/s stream).
     */
    static long interleaveOffsetNanos(LoadSpec.Open load, int index, int count) {
        double perSecond = load.stages().getFirst().rate().perSecond();
        return perSecond <= 0 || count <= 1 ? 0 : Math.round(index * 1e9 / (perSecond * count));
    }

    private void onArrival(int population, long t) {
        if (active[population] >= maxInFlight[population]) {
            RunRecorder recorder = pops[population].recorder();
            recorder.arrival(t);
            recorder.saturated(t);
            lastDoneNanos = Math.max(lastDoneNanos, t);
        } else {
            int slot = requests.allocate();
            requests.population[slot] = population;
            startRequest(slot, t);
        }
        scheduleNextArrival(population);
    }

    private void onClientNext(int slot, long t) {
        startRequest(slot, t);
    }

    private void startRequest(int slot, long t) {
        int population = requests.population[slot];
        active[population]++;
        activeTotal++;
        pops[population].recorder().arrival(t);
        RequestTable r = requests;
        r.intendedNanos[slot] = t;
        r.firstSentNanos[slot] = t;
        r.holdsSlot[slot] = false;
        r.queued[slot] = false;
        ConcurrencyLimiter limiter = limiters[population];
        if (limiter != null) {
            switch (limiter.acquire(t, slot)) {
                case ConcurrencyLimiter.Acquire.Granted g -> r.holdsSlot[slot] = true;
                case ConcurrencyLimiter.Acquire.Queued q -> {
                    r.queued[slot] = true;
                    schedule(q.deadlineNanos(), LIMIT_EXPIRE, population);
                    return;
                }
                case ConcurrencyLimiter.Acquire.Rejected rej -> {
                    finish(slot, t, rej.reason().failureReason());
                    return;
                }
            }
        }
        begin(slot, t);
    }

    /** The request may go (no limiter, or it holds a slot): its gates and first attempt. */
    private void begin(int slot, long t) {
        RequestTable r = requests;
        r.firstSentNanos[slot] = t;
        r.retry[slot] = pop(slot).policy().start();
        PolicyGates gates = gatesOf(slot);
        if (gates != null) r.calls[slot] = gates.begin(t);
        sendAttempt(slot, t);
    }

    private void onLimitExpire(int population, long t) {
        for (long id : limiters[population].expire(t)) expired((int) id, t);
    }

    /** A waiter of the concurrency limit reached its maximum wait. */
    private void expired(int slot, long t) {
        requests.queued[slot] = false;
        finish(slot, t, FailureReason.DEADLINE);
    }

    private void finish(int slot, long t, FailureReason failure) {
        RequestTable r = requests;
        int population = r.population[slot];
        pops[population].recorder().requestDone(t, failure, t - r.intendedNanos[slot], t - r.firstSentNanos[slot]);
        r.retry[slot] = null;
        r.calls[slot] = null;
        active[population]--;
        activeTotal--;
        lastDoneNanos = Math.max(lastDoneNanos, t);
        if (r.holdsSlot[slot]) {
            r.holdsSlot[slot] = false;
            ConcurrencyLimiter.Handoff h = limiters[population].release(t);
            for (long id : h.expired()) expired((int) id, t);
            if (h.granted().isPresent()) {
                int next = (int) h.granted().getAsLong();
                r.queued[next] = false;
                r.holdsSlot[next] = true;
                begin(next, t);
            }
        }
        if (stopped) {
            if (scenario.load() instanceof LoadSpec.Open) r.release(slot);
            return;
        }
        switch (scenario.load()) {
            case LoadSpec.Open o -> r.release(slot);
            case LoadSpec.Closed c -> {
                long next = t + thinkNanos;
                if (next < durationNanos) schedule(next, CLIENT_NEXT, slot);
            }
            case LoadSpec.Herd h -> {
                if (r.remaining[slot] > 0) {
                    r.remaining[slot]--;
                    startRequest(slot, t);
                }
            }
        }
    }

    /** Stops the load: requests waiting to retry, and waiters of a concurrency limit, end now as {@code deadline}, in slot order. */
    private void onStop(long t) {
        stopped = true;
        cutAtDeadline = activeTotal > 0;
        RequestTable r = requests;
        for (int slot = 0; slot < r.used(); slot++) {
            if (r.queued[slot] && r.active[slot]) {
                limiters[r.population[slot]].cancel(slot);
                r.queued[slot] = false;
                endedAtStop++;
                finish(slot, t, FailureReason.DEADLINE);
                continue;
            }
            if (r.retry[slot] == null || !r.backingOff[slot]) continue;
            r.backingOff[slot] = false;
            pop(slot).recorder().backoffEnds(t);
            endedAtStop++;
            finish(slot, t, FailureReason.DEADLINE);
        }
    }

    // ---- the client ----

    private void onSend(int slot, long t) {
        if (!requests.backingOff[slot]) return; // the request ended at the stop while it waited
        requests.backingOff[slot] = false;
        pop(slot).recorder().backoffEnds(t);
        sendAttempt(slot, t);
    }

    private void sendAttempt(int slot, long t) {
        RequestTable r = requests;
        PolicyGates.Call call = r.calls[slot];
        String path = primaryPath;
        if (call != null) {
            switch (gatesOf(slot).beforeAttempt(call, t, retryRng)) {
                case PolicyGates.Admission.Refused refused -> {
                    finish(slot, t, refused.reason().failureReason());
                    return;
                }
                case PolicyGates.Admission.Send send -> {
                    // a new tier (a fallback, or one past an open breaker) starts its own retries
                    if (send.firstOnTier() && send.tier().index() > 0) r.retry[slot] = pop(slot).policy().start();
                    path = pathOf(send.tier().target());
                }
            }
        }
        attemptsSent++;
        pop(slot).recorder().attemptSent(t);
        r.attemptSentNanos[slot] = t;
        r.route[slot] = server == null ? -1 : server.routeOf(path);
        serverSide.sent(slot);
        if (occ != null) {
            toServer(slot, t + network.delayNanos(), OCC_READ, OCC_READ_ORPHAN, 0);
        } else {
            int ticket = serverSide.ticket(slot, r.route[slot]);
            toServer(slot, t + network.delayNanos(), ARRIVE, ARRIVE_ORPHAN, ticket, ticket);
        }
    }

    /** The path of a tier's target: a path as is, the path of an absolute URL. */
    static String pathOf(String target) {
        if (target.startsWith("/")) return target;
        String p = URI.create(target).getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    private void onAnswer(int slot, long t, AttemptOutcome outcome) {
        RequestTable r = requests;
        Population p = pop(slot);
        p.recorder().attemptDone(t, outcome, t - r.attemptSentNanos[slot]);
        PolicyGates.Call call = r.calls[slot];
        if (call != null) {
            String body = outcome.isSuccess() ? (r.degraded[slot] ? RoutedModel.DEGRADED_BODY : RoutedModel.ANSWER_BODY) : null;
            switch (gatesOf(slot).afterAttempt(call, t, outcome.status(), outcome.error(), body)) {
                case PolicyGates.Verdict.Succeeded ok -> {
                    p.recorder().servedBy(t, ok.tier().index());
                    finish(slot, t, null);
                    return;
                }
                case PolicyGates.Verdict.GateFailed g -> {
                    p.recorder().gateRejected(t);
                    fallBack(slot, t, FallbackChain.Reason.QUALITY_GATE, FailureReason.QUALITY_GATE);
                    return;
                }
                case PolicyGates.Verdict.Failed f -> { }
            }
        }
        Decision decision = p.policy().decide(r.retry[slot], outcome, retryRng, t);
        switch (decision) {
            case Decision.Succeed s -> finish(slot, t, null);
            case Decision.GiveUp g when call != null && g.reason() == FailureReason.EXHAUSTED ->
                    fallBack(slot, t, FallbackChain.Reason.GAVE_UP, FailureReason.EXHAUSTED);
            case Decision.GiveUp g -> finish(slot, t, g.reason());
            case Decision.Retry retry when stopped -> {
                endedAtStop++;
                finish(slot, t, FailureReason.DEADLINE);
            }
            case Decision.Retry retry when call != null && !gatesOf(slot).tryRetry(call, t) -> finish(slot, t, FailureReason.BUDGET);
            case Decision.Retry retry -> {
                r.retry[slot] = retry.next();
                r.backingOff[slot] = true;
                p.recorder().backoffBegins(t);
                schedule(t + retry.delayNanos(), SEND, slot);
            }
        }
    }

    /** The request leaves its tier for {@code why}: the next tier after the policy's pause, or it fails as {@code otherwise}. */
    private void fallBack(int slot, long t, FallbackChain.Reason why, FailureReason otherwise) {
        PolicyGates.Call call = requests.calls[slot];
        Optional<FallbackChain.Tier> next = gatesOf(slot).fallback(call, t, why);
        if (next.isEmpty()) {
            finish(slot, t, otherwise);
            return;
        }
        if (stopped) {
            endedAtStop++;
            finish(slot, t, FailureReason.DEADLINE);
            return;
        }
        Population p = pop(slot);
        requests.retry[slot] = p.policy().start();
        if (p.fallbackPauseNanos() > 0) {
            requests.backingOff[slot] = true;
            p.recorder().backoffBegins(t);
            schedule(t + p.fallbackPauseNanos(), SEND, slot);
        } else {
            sendAttempt(slot, t);
        }
    }

    // ---- the wire ----

    /**
     * A message to the server arriving at {@code atNanos}. When it arrives after the attempt's timeout, the
     * server still gets it (as {@code orphanKind}, carrying {@code orphanValue}) but the client times out first.
     */
    private void toServer(int slot, long atNanos, int kind, int orphanKind, int orphanValue) {
        toServer(slot, atNanos, kind, orphanKind, orphanValue, slot);
    }

    /** As above, the message carrying {@code value} (a capacity-model attempt: its server ticket). */
    private void toServer(int slot, long atNanos, int kind, int orphanKind, int orphanValue, int value) {
        long deadline = requests.attemptSentNanos[slot] + timeoutNanos;
        if (atNanos > deadline) {
            schedule(atNanos, orphanKind, orphanValue);
            schedule(deadline, TIMEOUT, slot);
        } else {
            schedule(atNanos, kind, value);
        }
    }

    /** An answer reaching the client at {@code atNanos}, unless the attempt's timeout fires first. */
    void toClient(int slot, long atNanos, int kind) {
        long deadline = requests.attemptSentNanos[slot] + timeoutNanos;
        schedule(Math.min(atNanos, deadline), atNanos > deadline ? TIMEOUT : kind, slot);
    }

    // ---- the agenda ----

    /** Virtual time of the event being handled. */
    long now() { return queue.now(); }

    void schedule(long atNanos, int kind, int value) {
        queue.schedule(atNanos, (value << KIND_BITS) | kind);
    }

    private static int versionPayload(long version) {
        if (version > MAX_VALUE) throw new IllegalStateException("OCC version " + version + " too large for an event payload");
        return (int) version;
    }
}
