package dev.stampede.sim;

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
import dev.stampede.server.OccRecord;
import dev.stampede.server.Verdict;

import java.util.random.RandomGenerator;

/**
 * One strategy of one scenario in virtual time: the event loop. Clients, the wire and the server are
 * events on one {@link EventQueue}; each event is a kind and a request slot packed into an {@code int}.
 *
 * <p>An attempt's life, capacity model: sent → (one network delay) → the server's {@link ServerModel}
 * decides → admitted requests leave service after their service time → (one network delay) → the
 * client sees the status, or a reset; a hang, or any answer later than the per-attempt timeout, ends
 * as {@code timeout} at {@code sent + timeout}. OCC model: the attempt reads the record's version (one
 * round trip), then writes conditionally (a second round trip), answered 200 or 409.
 *
 * <p>The client then asks the {@link RetryPolicy}: succeed, give up, or wait and send again. When the
 * scenario has a retry budget or a circuit breaker, the client consults {@link PolicyGates} as the live
 * engine does: before each attempt (a refusal fails the request), after it, and before each retry (an
 * empty budget fails it as {@code budget}); open-model arrivals share one set of gates, closed and herd
 * clients have their own. Every step is reported to the {@link RunRecorder}, single-threaded. Not
 * reusable: one instance, one run.
 */
final class SimRun {

    private static final int KIND_BITS = 4;
    private static final int KIND_MASK = (1 << KIND_BITS) - 1;
    private static final int MAX_VALUE = Integer.MAX_VALUE >>> KIND_BITS;

    /** Open model: the next scheduled arrival. */
    private static final int ARRIVAL = 0;
    /** Closed model: a client's think time is over; its next request starts. */
    private static final int CLIENT_NEXT = 1;
    /** A backoff wait is over; the next attempt goes on the wire. */
    private static final int SEND = 2;
    /** Capacity model: an attempt reaches the server. */
    private static final int ARRIVE = 3;
    /** Capacity model: an attempt reaches the server after its client has timed out (nobody waits for the answer). */
    private static final int ARRIVE_ORPHAN = 4;
    /** Capacity model: an admitted request leaves service. */
    private static final int DEPART = 5;
    /** The answer to the current attempt reaches its client. */
    private static final int RESPONSE = 6;
    /** The current attempt's timeout fires at its client. */
    private static final int TIMEOUT = 7;
    /** OCC: the read reaches the record. */
    private static final int OCC_READ = 8;
    /** OCC: the read's answer (the version) reaches the client, which sends the conditional write. */
    private static final int OCC_READ_ANSWERED = 9;
    /** OCC: the conditional write reaches the record. */
    private static final int OCC_WRITE = 10;
    /** OCC: a read whose client already timed out. */
    private static final int OCC_READ_ORPHAN = 11;
    /** OCC: a write whose client already timed out; the payload carries the version it read. */
    private static final int OCC_WRITE_ORPHAN = 12;
    /** The load stops: no new requests; requests waiting to retry end as {@code deadline}. */
    private static final int STOP = 13;

    private static final AttemptOutcome OK = AttemptOutcome.status(200);
    private static final AttemptOutcome CONFLICT = AttemptOutcome.status(OccRecord.CONFLICT_STATUS);
    private static final AttemptOutcome TIMED_OUT = AttemptOutcome.error(ErrorKind.TIMEOUT);
    private static final AttemptOutcome RESET = AttemptOutcome.error(ErrorKind.RESET);

    private final Scenario scenario;
    private final RetryPolicy policy;
    private final RunRecorder recorder;
    private final ServerModel server;
    private final OccRecord occ;
    private final ServerTally tally;
    private final NetworkModel network;
    private final RandomGenerator retryRng;
    private final long timeoutNanos;
    private final long durationNanos;
    private final long stopNanos;
    private final Simulator.Watch watch;
    private boolean cancelled;
    private final EventQueue queue;
    private final RequestTable requests;
    private final AttemptOutcome[] statusOutcomes = new AttemptOutcome[1000];
    private AttemptOutcome lastHinted;

    /** The run's gates (budget, breaker), or {@code null} when the scenario has neither. */
    private final PolicyGates runGates;
    /** Closed and herd models: each client's gates, by slot; {@code null} otherwise. */
    private PolicyGates[] clientGates;

    private OpenSchedule openSchedule;
    private int maxInFlight = Integer.MAX_VALUE;
    private long thinkNanos;

    private int active;
    private long lastDoneNanos;
    private long events;
    private long attemptsSent;
    private boolean stopped;
    /** Requests were still running when the load stopped (for a herd: its deadline cut it short). */
    private boolean cutAtDeadline;
    private long endedAtStop;

    /**
     * @param server     the load-shedding model (ignored, may be {@code null}, for {@code server.model: occ})
     * @param network    delays of every message
     * @param retryRng   the clients' random source (backoff jitter)
     * @param stopNanos  virtual time at which the load stops: no request starts from then on, requests
     *                   waiting to retry end as {@code deadline}, and attempts on the wire finish (each within
     *                   its timeout) but are not retried — as the live engine stops
     */
    SimRun(Scenario scenario, RetryPolicy policy, RunRecorder recorder, ServerModel server, NetworkModel network,
           RandomGenerator retryRng, long stopNanos, Simulator.Watch watch) {
        this.scenario = scenario;
        this.policy = policy;
        this.recorder = recorder;
        boolean occModel = scenario.server().model() == ServerSpec.Model.OCC;
        this.server = occModel ? null : java.util.Objects.requireNonNull(server, "server");
        this.occ = occModel ? new OccRecord() : null;
        this.tally = new ServerTally(scenario.sim().interval().toNanos());
        this.network = network;
        this.retryRng = retryRng;
        this.timeoutNanos = scenario.request().timeout().toNanos();
        this.durationNanos = scenario.duration().toNanos();
        this.stopNanos = stopNanos;
        this.watch = watch;
        int clients = switch (scenario.load()) {
            case LoadSpec.Open o -> Math.min(o.maxInFlight(), 1 << 16);
            case LoadSpec.Closed c -> c.clients();
            case LoadSpec.Herd h -> h.clients();
        };
        PolicySpec gateSpec = PolicySpec.from(scenario.retry());
        this.runGates = gateSpec.budget() == null && gateSpec.breaker() == null ? null
                : PolicyGates.forRun(gateSpec, scenario.target().toString());
        this.queue = new EventQueue(clients * 2);
        this.requests = new RequestTable(clients);
    }

    /** What a finished run measured, beside its {@link RunResult}. */
    record Totals(RunResult result, long events, long attemptsSent, long serverReceived, long endNanos, long endedAtStop) {}

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
        RunResult result = recorder.finish(end, tally.view(intervals), cancelled);
        return new Totals(result, events, attemptsSent, tally.received(), end, endedAtStop);
    }

    private void start() {
        schedule(stopNanos, STOP, 0);
        switch (scenario.load()) {
            case LoadSpec.Open o -> {
                openSchedule = new OpenSchedule(o, durationNanos);
                maxInFlight = o.maxInFlight();
                scheduleNextArrival();
            }
            case LoadSpec.Closed c -> {
                thinkNanos = c.think().toNanos();
                clientGates = perClientGates(c.clients());
                if (durationNanos > 0) {
                    for (int i = 0; i < c.clients(); i++) {
                        requests.allocate();
                        schedule(0, CLIENT_NEXT, i);
                    }
                }
            }
            case LoadSpec.Herd h -> {
                clientGates = perClientGates(h.clients());
                for (int i = 0; i < h.clients(); i++) {
                    int slot = requests.allocate();
                    requests.remaining[slot] = h.requests() - 1;
                    schedule(0, CLIENT_NEXT, slot);
                }
            }
        }
    }

    private PolicyGates[] perClientGates(int clients) {
        if (runGates == null) return null;
        PolicyGates[] g = new PolicyGates[clients];
        for (int i = 0; i < clients; i++) g[i] = runGates.forClient();
        return g;
    }

    private PolicyGates gatesOf(int slot) {
        return clientGates == null ? runGates : clientGates[slot];
    }

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
                case ARRIVAL -> onArrival(t);
                case CLIENT_NEXT -> onClientNext(value, t);
                case SEND -> onSend(value, t);
                case STOP -> onStop(t);
                case ARRIVE -> onServerArrive(value, t);
                case ARRIVE_ORPHAN -> onOrphanArrive(t);
                case DEPART -> server.depart(t);
                case RESPONSE -> onAnswer(value, t, requests.outcome[value]);
                case TIMEOUT -> onAnswer(value, t, TIMED_OUT);
                case OCC_READ -> onOccRead(value, t);
                case OCC_READ_ANSWERED -> toServer(value, t + network.delayNanos(), OCC_WRITE, OCC_WRITE_ORPHAN,
                        versionPayload(requests.readVersion[value]));
                case OCC_WRITE -> onOccWrite(value, t);
                case OCC_READ_ORPHAN -> occ.read();
                case OCC_WRITE_ORPHAN -> tally.recordWrite(t, occ.write(value), OccRecord.CONFLICT_STATUS);
                default -> throw new IllegalStateException("unknown event kind " + (payload & KIND_MASK));
            }
        }
    }

    // ---- load models ----

    private void scheduleNextArrival() {
        long next = openSchedule.next();
        if (next >= 0) schedule(next, ARRIVAL, 0);
    }

    private void onArrival(long t) {
        if (active >= maxInFlight) {
            recorder.arrival(t);
            recorder.saturated(t);
            lastDoneNanos = Math.max(lastDoneNanos, t);
        } else {
            startRequest(requests.allocate(), t);
        }
        scheduleNextArrival();
    }

    private void onClientNext(int slot, long t) {
        startRequest(slot, t);
    }

    private void startRequest(int slot, long t) {
        active++;
        recorder.arrival(t);
        RequestTable r = requests;
        r.intendedNanos[slot] = t;
        r.firstSentNanos[slot] = t;
        r.retry[slot] = policy.start();
        PolicyGates gates = gatesOf(slot);
        if (gates != null) r.calls[slot] = gates.begin(t);
        sendAttempt(slot, t);
    }

    private void finish(int slot, long t, FailureReason failure) {
        RequestTable r = requests;
        recorder.requestDone(t, failure, t - r.intendedNanos[slot], t - r.firstSentNanos[slot]);
        r.retry[slot] = null;
        r.calls[slot] = null;
        active--;
        lastDoneNanos = Math.max(lastDoneNanos, t);
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

    /** Stops the load: requests waiting to retry end now as {@code deadline}, in slot order. */
    private void onStop(long t) {
        stopped = true;
        cutAtDeadline = active > 0;
        RequestTable r = requests;
        for (int slot = 0; slot < r.used(); slot++) {
            if (r.retry[slot] == null || !r.backingOff[slot]) continue;
            r.backingOff[slot] = false;
            recorder.backoffEnds(t);
            endedAtStop++;
            finish(slot, t, FailureReason.DEADLINE);
        }
    }

    // ---- the client ----

    private void onSend(int slot, long t) {
        if (!requests.backingOff[slot]) return; // the request ended at the stop while it waited
        requests.backingOff[slot] = false;
        recorder.backoffEnds(t);
        sendAttempt(slot, t);
    }

    private void sendAttempt(int slot, long t) {
        PolicyGates.Call call = requests.calls[slot];
        if (call != null && gatesOf(slot).beforeAttempt(call, t, retryRng) instanceof PolicyGates.Admission.Refused refused) {
            finish(slot, t, reason(refused.reason()));
            return;
        }
        attemptsSent++;
        recorder.attemptSent(t);
        requests.attemptSentNanos[slot] = t;
        if (occ != null) toServer(slot, t + network.delayNanos(), OCC_READ, OCC_READ_ORPHAN, 0);
        else toServer(slot, t + network.delayNanos(), ARRIVE, ARRIVE_ORPHAN, 0);
    }

    private void onAnswer(int slot, long t, AttemptOutcome outcome) {
        RequestTable r = requests;
        recorder.attemptDone(t, outcome, t - r.attemptSentNanos[slot]);
        PolicyGates.Call call = r.calls[slot];
        if (call != null) gatesOf(slot).afterAttempt(call, t, outcome.status(), outcome.error(), null);
        Decision decision = policy.decide(r.retry[slot], outcome, retryRng, t);
        switch (decision) {
            case Decision.Succeed s -> finish(slot, t, null);
            case Decision.GiveUp g -> finish(slot, t, g.reason());
            case Decision.Retry retry when stopped -> {
                endedAtStop++;
                finish(slot, t, FailureReason.DEADLINE);
            }
            case Decision.Retry retry when call != null && !gatesOf(slot).tryRetry(call, t) -> finish(slot, t, FailureReason.BUDGET);
            case Decision.Retry retry -> {
                r.retry[slot] = retry.next();
                r.backingOff[slot] = true;
                recorder.backoffBegins(t);
                schedule(t + retry.delayNanos(), SEND, slot);
            }
        }
    }

    /** The failure a gate's refusal stands for, as the live engine maps it. */
    private static FailureReason reason(Refusal refusal) {
        return switch (refusal) {
            case BUDGET -> FailureReason.BUDGET;
            case CIRCUIT_OPEN -> FailureReason.CIRCUIT_OPEN;
            // not produced by the scenario's budget and breaker; the closest reason the report knows
            case THROTTLED, QUEUE_FULL, QUALITY_GATE -> FailureReason.BUDGET;
            case DEADLINE -> FailureReason.DEADLINE;
        };
    }

    // ---- the wire ----

    /**
     * A message to the server arriving at {@code atNanos}. When it arrives after the attempt's timeout, the
     * server still gets it (as {@code orphanKind}, carrying {@code orphanValue}) but the client times out first.
     */
    private void toServer(int slot, long atNanos, int kind, int orphanKind, int orphanValue) {
        long deadline = requests.attemptSentNanos[slot] + timeoutNanos;
        if (atNanos > deadline) {
            schedule(atNanos, orphanKind, orphanValue);
            schedule(deadline, TIMEOUT, slot);
        } else {
            schedule(atNanos, kind, slot);
        }
    }

    /** An answer reaching the client at {@code atNanos}, unless the attempt's timeout fires first. */
    private void toClient(int slot, long atNanos, int kind) {
        long deadline = requests.attemptSentNanos[slot] + timeoutNanos;
        schedule(Math.min(atNanos, deadline), atNanos > deadline ? TIMEOUT : kind, slot);
    }

    // ---- the server ----

    private void onServerArrive(int slot, long t) {
        Verdict verdict = server.arrive(t);
        tally.record(t, verdict);
        switch (verdict) {
            case Verdict.Admit a -> {
                long leaves = t + a.serviceNanos();
                schedule(leaves, DEPART, 0);
                requests.outcome[slot] = OK;
                toClient(slot, leaves + network.delayNanos(), RESPONSE);
            }
            case Verdict.Reject rej -> {
                requests.outcome[slot] = outcomeFor(rej);
                toClient(slot, t + network.delayNanos(), RESPONSE);
            }
            case Verdict.Reset reset -> {
                requests.outcome[slot] = RESET;
                toClient(slot, t + network.delayNanos(), RESPONSE);
            }
            case Verdict.Hang hang -> schedule(requests.attemptSentNanos[slot] + timeoutNanos, TIMEOUT, slot);
        }
    }

    private void onOrphanArrive(long t) {
        Verdict verdict = server.arrive(t);
        tally.record(t, verdict);
        if (verdict instanceof Verdict.Admit a) schedule(t + a.serviceNanos(), DEPART, 0);
    }

    private void onOccRead(int slot, long t) {
        requests.readVersion[slot] = occ.read();
        toClient(slot, t + network.delayNanos(), OCC_READ_ANSWERED);
    }

    private void onOccWrite(int slot, long t) {
        boolean ok = occ.write(requests.readVersion[slot]);
        tally.recordWrite(t, ok, OccRecord.CONFLICT_STATUS);
        requests.outcome[slot] = ok ? OK : CONFLICT;
        toClient(slot, t + network.delayNanos(), RESPONSE);
    }

    /** The client's view of a rejection; outcomes are immutable, so equal ones are shared rather than allocated. */
    private AttemptOutcome outcomeFor(Verdict.Reject reject) {
        int status = reject.status();
        long retryAfter = reject.retryAfterNanos();
        if (retryAfter >= 0) {
            // a phase sends one Retry-After on all its 529s: remember the last one
            AttemptOutcome last = lastHinted;
            if (last == null || last.status() != status || last.retryAfterNanos() != retryAfter) {
                lastHinted = last = AttemptOutcome.status(status, retryAfter);
            }
            return last;
        }
        if (status < 0 || status >= statusOutcomes.length) return AttemptOutcome.status(status);
        AttemptOutcome cached = statusOutcomes[status];
        if (cached == null) statusOutcomes[status] = cached = AttemptOutcome.status(status);
        return cached;
    }

    // ---- the agenda ----

    private void schedule(long atNanos, int kind, int value) {
        queue.schedule(atNanos, (value << KIND_BITS) | kind);
    }

    private static int versionPayload(long version) {
        if (version > MAX_VALUE) throw new IllegalStateException("OCC version " + version + " too large for an event payload");
        return (int) version;
    }
}
