package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.policy.PolicySpec;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.RequestDraws;
import dev.stampede.scenario.RequestMix;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.metrics.ServerView;
import dev.stampede.server.OccRecord;
import dev.stampede.server.RoutedModel;

import java.util.List;

import java.util.random.RandomGenerator;

/**
 * One strategy of one scenario in virtual time: the event loop and the server. Every part's events are on one
 * {@link EventQueue}; each event is a kind and a value (a request slot, a population, a route) packed into an
 * {@code int}. The parts, one file each:
 * <ul>
 *   <li>{@link SimLoad}: the load models (open arrivals, closed and herd clients);</li>
 *   <li>{@link SimClients}: the clients, driving each request's {@code lifecycle.RequestLifecycle} (retries,
 *       budget, throttle, breakers, fallback chain, quality gate) and the event-based concurrency limit;</li>
 *   <li>{@link SimWire}: one network delay per message, the per-attempt timeout racing the answer;</li>
 *   <li>here: the server ({@link RoutedModel}, or the OCC record) answering what arrives.</li>
 * </ul>
 *
 * <p>An attempt's life, capacity model: sent → (one network delay) → the server's model decides → admitted
 * requests leave service after their service time (or, aborted by a phase, at that phase's start with a 529) →
 * (one network delay) → the client sees the status, or a reset; a hang, or any answer later than the per-attempt
 * timeout, ends as {@code timeout} at {@code sent + timeout}. OCC model: the attempt reads the record's version
 * (one round trip), then writes conditionally (a second round trip), answered 200 or 409. Attempts go to the
 * tier's path, which the server routes.
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
    static final int ARRIVAL = 0;
    /** Closed model: a client's think time is over; its next request starts. */
    static final int CLIENT_NEXT = 1;
    /** A backoff wait is over; the next attempt goes on the wire. */
    static final int SEND = 2;
    /** Capacity model: an attempt reaches the server (value: its server ticket, {@link SimServer}). */
    static final int ARRIVE = 3;
    /** Capacity model: an attempt reaches the server after its client has timed out (nobody waits for the answer). */
    static final int ARRIVE_ORPHAN = 4;
    /** Capacity model: an admitted request leaves service (value: its ticket). */
    static final int DEPART = 5;
    /** The answer to the current attempt reaches its client. */
    static final int RESPONSE = 6;
    /** The current attempt's timeout fires at its client. */
    static final int TIMEOUT = 7;
    /** OCC: the read reaches the record. */
    static final int OCC_READ = 8;
    /** OCC: the read's answer (the version) reaches the client, which sends the conditional write. */
    static final int OCC_READ_ANSWERED = 9;
    /** OCC: the conditional write reaches the record. */
    static final int OCC_WRITE = 10;
    /** OCC: a read whose client already timed out. */
    static final int OCC_READ_ORPHAN = 11;
    /** OCC: a write whose client already timed out; the payload carries the version it read. */
    static final int OCC_WRITE_ORPHAN = 12;
    /** The load stops: no new requests (requests in progress go on during the graceful stop). */
    static final int STOP = 13;
    /** A population's concurrency-limit queue may hold waiters whose maximum wait has come (value: population). */
    static final int LIMIT_EXPIRE = 14;
    /** Server with a waiting room: requests that have waited {@code queueTimeout} by now are dropped. */
    static final int QUEUE_EXPIRE = 15;
    /** Event-driven server: a phase starts (aborts, worker count). */
    static final int PHASE_START = 16;
    /** Server with {@code cancelAbandoned}: a client stopped waiting (value: the attempt's ticket). */
    static final int ABANDON = 17;
    /** The graceful stop ends: requests waiting to retry or for a limiter's slot end as {@code unfinished}. */
    static final int GRACE_END = 18;
    /** A work queue's caller reaches its deadline (value: the request's slot). */
    static final int WQ_DEADLINE = 19;
    /** A work queue's worker wakes from its backoff sleep (value: {@link SimClients#workerValue}). */
    static final int WQ_WAKE = 20;

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
    record Population(RetryPolicy policy, PolicySpec spec, long fallbackPauseNanos, RunRecorder recorder, LoadSpec load,
                      List<RetryPolicy> templatePolicies, dev.stampede.lifecycle.WorkQueue.Plan workQueue) {
        /** A population without a work queue. */
        Population(RetryPolicy policy, PolicySpec spec, long fallbackPauseNanos, RunRecorder recorder, LoadSpec load,
                   List<RetryPolicy> templatePolicies) {
            this(policy, spec, fallbackPauseNanos, recorder, load, templatePolicies, null);
        }

        /** A population whose requests all follow {@code policy}, whatever their template. */
        Population(RetryPolicy policy, PolicySpec spec, long fallbackPauseNanos, RunRecorder recorder, LoadSpec load) {
            this(policy, spec, fallbackPauseNanos, recorder, load, null);
        }
    }

    private final Scenario scenario;
    private final Population[] pops;
    private final RoutedModel server;
    private final OccRecord occ;
    private final SimServer serverSide;
    private final NetworkModel network;
    private final long durationNanos;
    private final long stopNanos;
    private final long graceNanos;
    private final Simulator.Watch watch;
    private boolean cancelled;
    private final EventQueue queue;
    private final RequestTable requests;

    /** The clients: each request's lifecycle driven by events. */
    private final SimClients clients;
    /** The load models: arrivals and clients' next requests. */
    private final SimLoad load;
    /** Network delays and the per-attempt timeout. */
    private final SimWire wire;

    private long events;
    /** Requests were still running when the load stopped (for a herd: its deadline cut it short). */
    private boolean cutAtDeadline;
    /** The load has stopped (its duration ended, or arrivals ended). */
    private boolean stopped;
    /** When a data file read once was used up (arrivals ended), or -1. */
    private long arrivalsEndedNanos = -1;

    /**
     * @param pops       the populations (one for a plain run)
     * @param server     the load-shedding model (ignored, may be {@code null}, for {@code server.model: occ})
     * @param network    delays of every message
     * @param retryRng   the clients' random source (backoff jitter)
     * @param stopNanos  virtual time at which the load stops: no request starts from then on; requests in
     *                   progress keep retrying and falling back for the scenario's {@code gracefulStop}, then
     *                   those waiting end as {@code unfinished}, and attempts on the wire finish (each within its
     *                   timeout) but are not retried — as the live engine stops
     */
    SimRun(Scenario scenario, List<Population> pops, RoutedModel server, NetworkModel network,
           RandomGenerator retryRng, long stopNanos, Simulator.Watch watch) {
        this.scenario = scenario;
        this.pops = pops.toArray(Population[]::new);
        boolean occModel = scenario.server().model() == ServerSpec.Model.OCC;
        this.server = occModel ? null : java.util.Objects.requireNonNull(server, "server");
        this.occ = occModel ? new OccRecord() : null;
        this.network = network;
        this.durationNanos = scenario.duration().toNanos();
        this.stopNanos = stopNanos;
        this.graceNanos = scenario.gracefulStop().toNanos();
        this.watch = watch;
        int clientCount = switch (scenario.load()) {
            case LoadSpec.Open o -> Math.min(o.maxInFlight(), 1 << 16);
            case LoadSpec.Closed c -> c.clients();
            case LoadSpec.Herd h -> h.clients();
        };
        this.queue = new EventQueue(clientCount * 2);
        this.requests = new RequestTable(clientCount);
        this.wire = new SimWire(this::schedule, requests, network);
        this.serverSide = new SimServer(this, this.server, occ, new ServerTally(scenario.sim().intervalFor(scenario.duration()).toNanos()), network, requests,
                executions(scenario), scenario.mix().fixed() ? scenario.request().bodyBytes() : SimServer.BODY_PER_ATTEMPT);
        if (this.server != null) this.server.attach(serverSide);
        RequestMix mix = scenario.mix();
        RequestDraws draws = mix.fixed() ? null : new RequestDraws(mix, scenario.seed());
        if (mix.breakdown()) for (Population p : this.pops) p.recorder().templates(mix.names());
        this.clients = new SimClients(this::schedule, requests, this.pops, retryRng,
                draws == null ? scenario.request().path() : SimClients.pathOf(draws.render(draws.draw(0), 1).path()),
                this::sendToServer, watch.trace(), draws, mix);
        clients.onArrivalsEnded(this::arrivalsEnded);
        clients.fixedBodyBytes(scenario.request().bodyBytes());
        this.load = new SimLoad(scenario.load(), this.pops, requests, this::schedule, clients, retryRng, durationNanos, scenario.seed());
        clients.nextStep(load);
    }

    /**
     * The server's ledger of executions: it honours keys when the server has {@code idempotency} and the requests carry
     * a key ({@code idempotencyKey}); without a key every logical request is still known (by stampede's own identifier,
     * as the live engine sends to the embedded mock), so duplicates are counted either way.
     */
    static dev.stampede.server.Executions executions(Scenario scenario) {
        return new dev.stampede.server.Executions(scenario.server().idempotency()
                && scenario.mix().templates().stream().anyMatch(t -> t.request().idempotencyKey() != null));
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
            case LoadSpec.Herd h -> cutAtDeadline ? durationNanos : clients.lastDoneNanos();
            default -> arrivalsEndedNanos >= 0 ? arrivalsEndedNanos : durationNanos;
        };
        int intervals = (int) Math.max(1, (end + scenario.sim().intervalFor(scenario.duration()).toNanos() - 1) / scenario.sim().intervalFor(scenario.duration()).toNanos());
        // A mixed run's populations share one server: its counts belong to no single row, so the rows carry none
        // (the simulator's own attemptsSent vs serverReceived is the self-check).
        boolean mixed = pops.length > 1;
        List<RunResult> results = new java.util.ArrayList<>();
        ServerView serverView = mixed ? null : serverSide.view(intervals, end);
        for (Population p : pops) results.add(p.recorder().finish(end, serverView, cancelled));
        return new Totals(List.copyOf(results), events, clients.attemptsSent(), serverSide.received(), end, clients.endedAtStop());
    }

    private void start() {
        schedule(stopNanos, STOP, 0);
        serverSide.start();
        load.start();
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
                case ARRIVAL -> load.onArrival(value, t);
                case CLIENT_NEXT -> load.onClientNext(value, t);
                case SEND -> clients.onSend(value, t);
                case STOP -> onStop(t);
                case ARRIVE -> serverSide.onArrive(value, t);
                case ARRIVE_ORPHAN -> serverSide.onOrphanArrive(value, t);
                case DEPART -> serverSide.onDepart(value, t);
                case RESPONSE -> {
                    serverSide.clientDone(value);
                    clients.onAnswer(value, t, requests.outcome[value]);
                }
                case TIMEOUT -> {
                    if (serverSide.timeoutDue(value, t)) {
                        serverSide.clientDone(value);
                        clients.onAnswer(value, t, TIMED_OUT);
                    }
                }
                case OCC_READ -> serverSide.onOccRead(value, t);
                case OCC_READ_ANSWERED -> toServer(value, t + network.delayNanos(), OCC_WRITE, OCC_WRITE_ORPHAN,
                        versionPayload(requests.readVersion[value]));
                case OCC_WRITE -> serverSide.onOccWrite(value, t);
                case OCC_READ_ORPHAN -> serverSide.onOccReadOrphan();
                case OCC_WRITE_ORPHAN -> serverSide.onOccWriteOrphan(value, t);
                case LIMIT_EXPIRE -> clients.onLimitExpire(value, t);
                case QUEUE_EXPIRE -> serverSide.onQueueExpire(t);
                case PHASE_START -> serverSide.onPhaseStart(t);
                case ABANDON -> serverSide.onAbandon(value, t);
                case GRACE_END -> clients.closeHorizon(t, FailureReason.UNFINISHED);
                case WQ_DEADLINE -> clients.onWorkQueueDeadline(value, t);
                case WQ_WAKE -> clients.onWorkerWake(value, t);
                default -> throw new IllegalStateException("unknown event kind " + (payload & KIND_MASK));
            }
        }
    }

    /**
     * Stops the load: no request starts from now on. Requests in progress go on until the graceful stop ends
     * ({@link #GRACE_END}, scheduled only when some are in progress, so that an idle run's clock stops here); with
     * {@code gracefulStop: 0s} those waiting end now.
     */
    private void onStop(long t) {
        if (stopped) return;  // arrivals ended before the duration did
        stopped = true;
        load.stop();
        cutAtDeadline = clients.activeTotal() > 0;
        if (graceNanos == 0) clients.closeHorizon(t, FailureReason.UNFINISHED);
        else if (cutAtDeadline) schedule(t + graceNanos, GRACE_END, 0);
    }

    /**
     * A data file read once is used up at {@code t}: arrivals end, and the run stops as at the end of its duration
     * (requests in progress get the graceful stop); the run's length is {@code t}.
     */
    private void arrivalsEnded(long t) {
        if (stopped) return;
        arrivalsEndedNanos = t;
        onStop(t);
        cutAtDeadline = false;  // a herd's length stays when its last request finished: no deadline cut it
    }

    /** An attempt of the slot's request goes to the server: routed by its path, through the wire. */
    private void sendToServer(int slot, long t, String path) {
        requests.route[slot] = server == null ? -1 : server.routeOf(path);
        serverSide.sent(slot);
        if (occ != null) {
            toServer(slot, t + network.delayNanos(), OCC_READ, OCC_READ_ORPHAN, 0);
        } else {
            int ticket = serverSide.ticket(slot, requests.route[slot]);
            wire.toServer(slot, t + network.delayNanos(), ARRIVE, ARRIVE_ORPHAN, ticket, ticket);
        }
    }

    // ---- the wire (SimWire) ----

    private void toServer(int slot, long atNanos, int kind, int orphanKind, int orphanValue) {
        wire.toServer(slot, atNanos, kind, orphanKind, orphanValue);
    }

    void toClient(int slot, long atNanos, int kind) {
        wire.toClient(slot, atNanos, kind);
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
