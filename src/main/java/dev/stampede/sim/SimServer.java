package dev.stampede.sim;

import dev.stampede.metrics.ServerView;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.server.Executions;
import dev.stampede.server.OccRecord;
import dev.stampede.server.RetryHeaders;
import dev.stampede.server.OverloadModel;
import dev.stampede.server.RoutedModel;
import dev.stampede.server.Verdict;

import java.time.Instant;
import java.util.Arrays;

/**
 * The simulated server: the shared {@link RoutedModel} (or the OCC record) driven by {@link SimRun}'s agenda.
 * It decides each attempt reaching the server, schedules the end of its service, tells the client its answer
 * through {@link SimRun#toClient}, and — with {@code server.workers}, {@code contention} or {@code cancelAbandoned}
 * ({@link RoutedModel#eventDriven()}) — drives the model's later events: a waiting request's start, queue
 * timeouts, phase starts (aborts, more workers) and the abandonment of attempts whose client stopped waiting.
 *
 * <p>Every attempt that reaches the model gets a <em>ticket</em>: a small int standing for its attempt id in the
 * model and in event payloads (an orphan, whose client timed out before it arrived, gets one too). A ticket is
 * recycled only once the model is done with it and no event refers to it any more.
 *
 * <p>Single-threaded, like the event loop. Not reusable: one instance, one run.
 */
final class SimServer implements OverloadModel.Host {

    private static final AttemptOutcome OK = AttemptOutcome.status(200);
    private static final AttemptOutcome CONFLICT = AttemptOutcome.status(OccRecord.CONFLICT_STATUS);
    private static final AttemptOutcome RESET = AttemptOutcome.error(dev.stampede.scenario.ErrorKind.RESET);

    private final SimRun run;
    private final RoutedModel model;
    private final OccRecord occ;
    private final ServerTally tally;
    private final NetworkModel network;
    private final RequestTable requests;
    private final boolean eventDriven;
    private final boolean cancelAbandoned;
    private final long queueTimeoutNanos;
    /** Executions per logical request: duplicates, and the idempotency store when the server honours keys. */
    private final Executions executions;
    /** Size of every attempt's request body, for a latency with {@code perKiB}; or {@link #BODY_PER_ATTEMPT}. */
    private final long bodyBytes;
    private final AttemptOutcome[] statusOutcomes = new AttemptOutcome[1000];
    private AttemptOutcome lastHinted;

    // tickets: the attempts the server holds
    private int[] ticketSlot = new int[64];      // -1: an orphan
    private int[] ticketRoute = new int[64];
    private long[] ticketDeadline = new long[64];
    /** The ticket's attempt's request body size in bytes (for a latency with {@code perKiB}). */
    private long[] ticketBodyBytes = new long[64];
    /** The number of the request the ticket's attempt belongs to (its rate-limit key). */
    private long[] ticketNumber = new long[64];
    private boolean[] departPending = new boolean[64];
    /** The way back of an answer whose delay was drawn at admission; -1: draw it when the answer leaves. */
    private long[] backNanos = new long[64];
    /** The client's timeout event for the ticket's attempt is on the agenda. */
    private boolean[] timeoutScheduled = new boolean[64];
    /** The ticket's logical request's executions (held here too: an orphan outlives its request's slot). */
    private Executions.Entry[] ticketEntry = new Executions.Entry[64];
    /** The ticket's attempt was admitted to do the work (served or waiting): it executes if its service ends. */
    private boolean[] ticketWorks = new boolean[64];
    /** The ticket's attempt was admitted with a degraded answer. */
    private boolean[] ticketDegraded = new boolean[64];
    private int[] freeTickets = new int[64];
    private int freeCount;
    private int ticketsUsed;

    // per request slot: the ticket of the attempt its client waits for (-1: none)
    private int[] slotTicket = new int[64];
    private boolean[] awaiting = new boolean[64];

    /**
     * @param model the load-shedding model, or {@code null} for {@code server.model: occ}; built with this
     *              server as its {@link OverloadModel.Host} (see {@link #host})
     */
    SimServer(SimRun run, RoutedModel model, OccRecord occ, ServerTally tally, NetworkModel network, RequestTable requests) {
        this(run, model, occ, tally, network, requests, new Executions(false), 0);
    }

    /** {@code bodyBytes} for a run whose attempts' bodies differ: each attempt's is its request's ({@link RequestTable#bodyBytes}). */
    static final long BODY_PER_ATTEMPT = -1;

    /**
     * @param executions the run's ledger of executions ({@link Executions}): honouring keys when the server has
     *                   {@code idempotency} and the requests carry a key
     * @param bodyBytes  size of every attempt's request body (a latency's {@code perKiB}), or {@link #BODY_PER_ATTEMPT}
     */
    SimServer(SimRun run, RoutedModel model, OccRecord occ, ServerTally tally, NetworkModel network, RequestTable requests,
              Executions executions, long bodyBytes) {
        this.executions = executions;
        this.bodyBytes = bodyBytes;
        this.run = run;
        this.model = model;
        this.occ = occ;
        this.tally = tally;
        this.network = network;
        this.requests = requests;
        this.eventDriven = model != null && model.eventDriven();
        var q = model == null ? null : model.spec().queueing();
        boolean cancel = q != null && q.cancelAbandoned();
        if (model != null) for (var r : model.spec().routes()) cancel |= r.queueing().cancelAbandoned();
        this.cancelAbandoned = cancel;
        this.queueTimeoutNanos = q != null && q.queueTimeout() != null ? q.queueTimeout().toNanos() : -1;
        Arrays.fill(slotTicket, -1);
    }

    /** Schedules the phase starts the event-driven model needs (before the run's first event). */
    void start() {
        if (!eventDriven) return;
        for (long at : model.phaseStarts()) run.schedule(at, SimRun.PHASE_START, 0);
    }

    /** The client of {@code slot} sends an attempt: it now waits for the answer. */
    void sent(int slot) {
        ensureSlot(slot);
        awaiting[slot] = true;
        slotTicket[slot] = -1;
    }

    /** Payload of a capacity-model attempt on its way to the server: its ticket. */
    int ticket(int slot, int route) {
        int t;
        if (freeCount > 0) {
            t = freeTickets[--freeCount];
        } else {
            if (ticketsUsed == ticketSlot.length) growTickets();
            t = ticketsUsed++;
        }
        if (t > SimRun.MAX_VALUE) throw new IllegalStateException("too many attempts at the server for an event payload");
        ticketSlot[t] = slot;
        ticketRoute[t] = route;
        ticketDeadline[t] = requests.attemptSentNanos[slot] + requests.timeoutNanos[slot];
        ticketBodyBytes[t] = bodyBytes == BODY_PER_ATTEMPT ? requests.bodyBytes[slot] : bodyBytes;
        ticketNumber[t] = requests.number[slot];
        departPending[t] = false;
        backNanos[t] = -1;
        timeoutScheduled[t] = false;
        Executions.Entry entry = requests.execution[slot];
        if (entry == null) requests.execution[slot] = entry = Executions.newEntry();
        ticketEntry[t] = entry;
        ticketWorks[t] = false;
        ticketDegraded[t] = false;
        slotTicket[slot] = t;
        return t;
    }

    /** {@link #ticketSlot} of a ticket handed back. */
    private static final int FREED = -2;

    private void release(int ticket) {
        ticketSlot[ticket] = FREED;
        if (ticketWorks[ticket]) executions.ended(ticketEntry[ticket]); // let go before its service ended
        ticketWorks[ticket] = false;
        ticketEntry[ticket] = null;
        if (freeCount == freeTickets.length) freeTickets = Arrays.copyOf(freeTickets, freeTickets.length * 2);
        freeTickets[freeCount++] = ticket;
    }

    /** The client of {@code slot} got its answer or timed out: a later answer from the server is nobody's. */
    void clientDone(int slot) {
        awaiting[slot] = false;
        slotTicket[slot] = -1;
    }

    /**
     * Whether a TIMEOUT event for {@code slot} at {@code t} is still due: the client still waits for the attempt it
     * was scheduled for (a waiting request's client timeout is scheduled when it queues; an answer may come first).
     */
    boolean timeoutDue(int slot, long t) {
        return slot < awaiting.length && awaiting[slot] && t == requests.attemptSentNanos[slot] + requests.timeoutNanos[slot];
    }

    // ---- the capacity model ----

    /**
     * Attempt {@code ticket} reaches the server at {@code t}; its client still waits. Without the event-driven
     * model the whole exchange is known now (as before workers existed). With it, the client's timeout is
     * scheduled now and the answer when the model settles the attempt: at its departure, a queue timeout or a
     * phase abort ({@link #deliver}).
     */
    void onArrive(int ticket, long t) {
        int slot = ticketSlot[ticket];
        long deadline = ticketDeadline[ticket];
        if (answeredFromStore(ticket, slot, t)) return;
        RoutedModel.Arrival arrival = model.arrive(ticketRoute[ticket], t, ticket, deadline, ticketNumber[ticket], ticketBodyBytes[ticket]);
        Verdict verdict = arrival.verdict();
        tally.record(t, verdict);
        began(ticket, arrival);
        switch (verdict) {
            case Verdict.Admit a -> {
                long leaves = t + a.serviceNanos();
                departAt(ticket, leaves);
                requests.degraded[slot] = arrival.degraded();
                if (eventDriven) {
                    // the way back is drawn now: an answer sure to arrive in time needs no timeout event (a phase
                    // abort can only answer sooner), which keeps the agenda as short as the requests really late
                    long back = network.delayNanos();
                    backNanos[ticket] = back;
                    if (leaves + back >= deadline) clientTimeout(ticket, slot);
                } else {
                    requests.outcome[slot] = OK;
                    run.toClient(slot, leaves + network.delayNanos(), SimRun.RESPONSE);
                }
            }
            case Verdict.Queued q -> {
                requests.degraded[slot] = arrival.degraded(); // drawn at admission, used if it is served
                clientTimeout(ticket, slot);
                waiting(ticket, t);
            }
            case Verdict.Abort a -> {
                long aborted = t + a.afterNanos();
                departAt(ticket, aborted);
                requests.outcome[slot] = outcomeFor(a.status(), a.headers(), aborted);
                run.toClient(slot, aborted + network.delayNanos(), SimRun.RESPONSE);
            }
            case Verdict.Reject rej -> {
                release(ticket);
                requests.outcome[slot] = outcomeFor(rej.status(), rej.headers(), t);
                run.toClient(slot, t + network.delayNanos(), SimRun.RESPONSE);
            }
            case Verdict.Reset reset -> {
                release(ticket);
                requests.outcome[slot] = RESET;
                run.toClient(slot, t + network.delayNanos(), SimRun.RESPONSE);
            }
            case Verdict.Hang hang -> {
                release(ticket);
                run.schedule(deadline, SimRun.TIMEOUT, slot);
            }
        }
    }

    /** Attempt {@code ticket} reaches the server at {@code t} after its client timed out: the server still works on it. */
    void onOrphanArrive(int ticket, long t) {
        ticketSlot[ticket] = -1;
        if (answeredFromStore(ticket, -1, t)) return;
        RoutedModel.Arrival arrival = model.arrive(ticketRoute[ticket], t, ticket, ticketDeadline[ticket], ticketNumber[ticket],
                ticketBodyBytes[ticket]);
        tally.record(t, arrival.verdict());
        began(ticket, arrival);
        switch (arrival.verdict()) {
            case Verdict.Admit a -> departAt(ticket, t + a.serviceNanos());
            case Verdict.Abort a -> departAt(ticket, t + a.afterNanos());
            case Verdict.Queued q -> waiting(ticket, t);
            default -> release(ticket);
        }
    }

    /**
     * The idempotency store's answer ({@link Executions#admit}), before the model: a replay (200 at once) or a conflict
     * (409 at once) goes back to the client of {@code slot} (-1: an orphan, nobody waits) and the ticket is freed.
     *
     * @return true when the store answered
     */
    private boolean answeredFromStore(int ticket, int slot, long t) {
        Executions.Entry entry = ticketEntry[ticket];
        Executions.Admission admission = executions.admit(entry);
        if (admission == Executions.Admission.PROCEED) return false;
        AttemptOutcome outcome;
        if (admission == Executions.Admission.REPLAY) {
            tally.recordReplay(t);
            outcome = OK;
            if (slot >= 0) requests.degraded[slot] = entry.degradedAnswer();
        } else {
            tally.recordConflict(t, CONFLICT_STATUS);
            outcome = outcomeFor(CONFLICT_STATUS, -1);
        }
        release(ticket);
        if (slot >= 0) {
            requests.outcome[slot] = outcome;
            run.toClient(slot, t + network.delayNanos(), SimRun.RESPONSE);
        }
        return true;
    }

    /** The status of an attempt whose key's work is in progress at a server that honours keys (Stripe's). */
    static final int CONFLICT_STATUS = 409;

    /** An attempt the model admitted (served now or waiting) does the work: its logical request's work is in progress. */
    private void began(int ticket, RoutedModel.Arrival arrival) {
        if (arrival.verdict() instanceof Verdict.Admit || arrival.verdict() instanceof Verdict.Queued) {
            ticketWorks[ticket] = true;
            ticketDegraded[ticket] = arrival.degraded();
            executions.began(ticketEntry[ticket]);
        }
    }

    private void waiting(int ticket, long t) {
        if (cancelAbandoned) run.schedule(Math.max(t, ticketDeadline[ticket]), SimRun.ABANDON, ticket);
        if (queueTimeoutNanos > 0) run.schedule(t + queueTimeoutNanos, SimRun.QUEUE_EXPIRE, 0);
    }

    /** The service of attempt {@code ticket} ends (or ended earlier: the model then ignores it). */
    void onDepart(int ticket, long t) {
        departPending[ticket] = false;
        boolean served = model.depart(ticketRoute[ticket], t, ticket);
        if (served && ticketWorks[ticket]) {
            ticketWorks[ticket] = false;
            if (executions.completed(ticketEntry[ticket], ticketDegraded[ticket])) tally.recordDuplicate(t);
        }
        if (eventDriven && served) deliver(ticket, t + (backNanos[ticket] >= 0 ? backNanos[ticket] : network.delayNanos()), OK);
        release(ticket);
    }

    void onQueueExpire(long t) { model.expire(t); }

    void onPhaseStart(long t) { model.phaseStart(t); }

    /** The client of attempt {@code ticket} stopped waiting at {@code t} ({@code cancelAbandoned}). */
    void onAbandon(int ticket, long t) {
        if (Math.max(t, ticketDeadline[ticket]) != t || ticketSlot[ticket] == FREED) return; // the ticket moved on
        boolean wasWaiting = !departPending[ticket];
        model.abandon(ticketRoute[ticket], t, ticket);
        if (wasWaiting && !model.holds(ticketRoute[ticket], ticket)) release(ticket);
    }

    private void departAt(int ticket, long atNanos) {
        departPending[ticket] = true;
        run.schedule(atNanos, SimRun.DEPART, ticket);
        if (cancelAbandoned && atNanos > ticketDeadline[ticket]) {
            run.schedule(Math.max(run.now(), ticketDeadline[ticket]), SimRun.ABANDON, ticket);
        }
    }

    /**
     * The answer to attempt {@code ticket} reaches its client at {@code atNanos}, if that client still waits for it
     * then; otherwise the client's timeout, already scheduled, answers.
     */
    private void deliver(int ticket, long atNanos, AttemptOutcome outcome) {
        int slot = ticketSlot[ticket];
        if (slot < 0 || !awaiting[slot] || slotTicket[slot] != ticket) return;
        if (atNanos >= ticketDeadline[ticket]) {
            if (!timeoutScheduled[ticket]) clientTimeout(ticket, slot); // later than the delay drawn at admission
            return;
        }
        requests.outcome[slot] = outcome;
        run.schedule(atNanos, SimRun.RESPONSE, slot);
    }

    /** The client's timeout for attempt {@code ticket}, scheduled once. */
    private void clientTimeout(int ticket, int slot) {
        timeoutScheduled[ticket] = true;
        run.schedule(ticketDeadline[ticket], SimRun.TIMEOUT, slot);
    }

    @Override
    public void started(long attemptId, long tNanos, long serviceNanos) {
        departAt((int) attemptId, tNanos + serviceNanos);
    }

    @Override
    public void answered(long attemptId, long tNanos, Verdict.Reject answer) {
        int ticket = (int) attemptId;
        if (answer.cause() == Verdict.Cause.FORCED) tally.recordAbort(tNanos);
        deliver(ticket, tNanos + network.delayNanos(), outcomeFor(answer.status(), answer.headers(), tNanos));
        if (!departPending[ticket]) release(ticket); // dropped from the room: nothing refers to it any more
    }

    // ---- the OCC record ----

    void onOccRead(int slot, long t) {
        requests.readVersion[slot] = occ.read();
        run.toClient(slot, t + network.delayNanos(), SimRun.OCC_READ_ANSWERED);
    }

    void onOccWrite(int slot, long t) {
        boolean ok = occ.write(requests.readVersion[slot]);
        tally.recordWrite(t, ok, OccRecord.CONFLICT_STATUS);
        requests.outcome[slot] = ok ? OK : CONFLICT;
        run.toClient(slot, t + network.delayNanos(), SimRun.RESPONSE);
    }

    void onOccReadOrphan() { occ.read(); }

    void onOccWriteOrphan(int version, long t) { tally.recordWrite(t, occ.write(version), OccRecord.CONFLICT_STATUS); }

    // ---- results ----

    long received() { return tally.received(); }

    /** The server's account, its load series cut like the run's timeline. */
    ServerView view(int intervals, long endNanos) {
        ServerView v = tally.view(intervals, model == null ? dev.stampede.server.LoadSeries.Snapshot.EMPTY : model.series(endNanos));
        return model == null ? v : v.withDegradedAnswers(model.degradedAnswers());
    }

    /** The client's view of a rejection; outcomes are immutable, so equal ones are shared rather than allocated. */
    /**
     * The client's view of an error answer sent at {@code t}; outcomes are immutable, so equal ones are shared
     * rather than allocated. Headers beyond a Retry-After in seconds are read as a live client reads them, on a
     * wall clock whose whole seconds fall on the virtual clock's.
     */
    private AttemptOutcome outcomeFor(int status, RetryHeaders headers, long t) {
        if (headers.secondsOnly()) return outcomeFor(status, headers.retryAfterNanos());
        Instant now = Instant.EPOCH.plusNanos(t);
        return AttemptOutcome.fromHeaders(status, headers.values(now)::get, now);
    }

    private AttemptOutcome outcomeFor(int status, long retryAfter) {
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

    private void ensureSlot(int slot) {
        if (slot < awaiting.length) return;
        int n = Math.max(slot + 1, awaiting.length * 2);
        awaiting = Arrays.copyOf(awaiting, n);
        int old = slotTicket.length;
        slotTicket = Arrays.copyOf(slotTicket, n);
        Arrays.fill(slotTicket, old, n, -1);
    }

    private void growTickets() {
        int n = ticketSlot.length * 2;
        ticketSlot = Arrays.copyOf(ticketSlot, n);
        ticketRoute = Arrays.copyOf(ticketRoute, n);
        ticketDeadline = Arrays.copyOf(ticketDeadline, n);
        ticketBodyBytes = Arrays.copyOf(ticketBodyBytes, n);
        ticketNumber = Arrays.copyOf(ticketNumber, n);
        departPending = Arrays.copyOf(departPending, n);
        backNanos = Arrays.copyOf(backNanos, n);
        timeoutScheduled = Arrays.copyOf(timeoutScheduled, n);
        ticketEntry = Arrays.copyOf(ticketEntry, n);
        ticketWorks = Arrays.copyOf(ticketWorks, n);
        ticketDegraded = Arrays.copyOf(ticketDegraded, n);
    }
}
