package dev.stampede.server;

import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ServerSpec;

import dev.stampede.scenario.QueueSpec;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The overload model shared by the live mock and the simulator: for each arriving request it decides
 * the {@link Verdict}. Pure — no I/O, no clock of its own: time is the {@code tNanos} argument
 * (nanoseconds since the phase clock started), randomness the injected generator. Same spec, same seed,
 * same sequence of calls: same verdicts.
 *
 * <h2>Order of the checks for one arrival</h2>
 * One uniform draw {@code u} in [0,1) is taken per arrival and laid against the phase's fault
 * probabilities in this order, so each fault happens with exactly its stated probability and the faults
 * exclude one another (if they add up to more than 1, the later ones are cut short):
 * <ol>
 *   <li>{@code reset} → {@link Verdict.Reset};</li>
 *   <li>{@code hang} → {@link Verdict.Hang};</li>
 *   <li>{@code errors}, by ascending status → {@link Verdict.Reject} with {@link Verdict.Cause#ERROR}
 *       (the phase's retry headers when the status is in its {@code retryHeadersOn}, else none);</li>
 *   <li>{@code overload} → forced 529, {@link Verdict.Cause#FORCED}, Retry-After = the phase's
 *       {@code retryAfter} or none.</li>
 * </ol>
 * Then, for the rest, load shedding (529, {@link Verdict.Cause#SHED}, Retry-After = the phase's
 * {@code retryAfter}, else the spec's {@code overloadedRetryAfter} (one draw from a range), else none):
 * <ol start="5">
 *   <li>concurrency: {@code concurrency × capacityFactor} (at least 1 unless the factor is 0) requests
 *       already in service → shed (checked first so a shed request spends no token);</li>
 *   <li>capacity: a token bucket refilling at {@code capacity × capacityFactor} per second, depth
 *       {@code burst × capacityFactor} (at least 1), empty → shed;</li>
 *   <li>otherwise admitted for a service time drawn from the latency distribution × {@code latencyFactor}
 *       (one further draw, except for a fixed latency). The caller must call {@link #depart} when it ends.</li>
 *   <li>when that service would still be running at the start {@code T} of a later phase with
 *       {@code abort > 0} (the first such phase: {@code t < T < t + service}), one further draw decides
 *       whether the phase aborts it: {@link Verdict.Abort}, a 529 at {@code T} (Retry-After = that phase's
 *       {@code retryAfter} or none), holding its concurrency slot until then. Deciding this at admission
 *       keeps the model pure while failing in-flight work at one instant, as a rebalance does.</li>
 * </ol>
 * Faults and forced 529s spend no capacity; retries compete with new work for the same capacity.
 * {@code capacity == null} and {@code concurrency == 0} mean unlimited.
 *
 * <h2>With a waiting room or contention ({@code server.workers}, {@code queue}, {@code contention}, {@code cancelAbandoned})</h2>
 * When any of those keys is set ({@link QueueSpec#active()}) the model is event-driven, because a waiting request's start
 * depends on later departures. Steps 1–4 are unchanged; then:
 * <ol start="5">
 *   <li>concurrency (only without {@code workers}): as above, shed;</li>
 *   <li>queue full: all {@code workers × capacityFactor} busy and {@code queue} requests already waiting → shed
 *       (checked before the bucket, so a shed request still spends no token);</li>
 *   <li>capacity: the token bucket as above, empty → shed;</li>
 *   <li>a free worker → {@link Verdict.Admit} now; otherwise {@link Verdict.Queued}: the request waits;</li>
 *   <li>service time, drawn when service starts: the latency draw × {@code latencyFactor} plus
 *       {@code contention × latencyFactor × (requests already in service)};</li>
 *   <li>a freed worker ({@link #depart}, {@link #abandon}, a phase abort, more workers at a phase start) takes
 *       the oldest waiting request ({@code fifo}) or the newest ({@code lifo}) and reports it to the
 *       {@link Host#started host};</li>
 *   <li>a request that has waited {@code queueTimeout} is dropped by {@link #expire}: a 529 with the phase's
 *       Retry-After (as a shed one), cause {@link Verdict.Cause#QUEUE_TIMEOUT}, reported to the {@link Host#answered host};</li>
 *   <li>at the start of a phase with {@code abort > 0} ({@link #phaseStart}), one draw per request in service, in
 *       the order they started, decides whether the phase fails it: a 529 at once, cause {@link Verdict.Cause#FORCED};</li>
 *   <li>with {@code cancelAbandoned}, {@link #abandon} at the client's deadline removes a waiting request, or frees
 *       the worker of one in service.</li>
 * </ol>
 * Wasted work is the whole service time of attempts whose client deadline (given at arrival) came before their
 * service ended, counted over the time they were in service ({@link LoadSeries}); utilisation is busy worker time
 * over {@code workers × capacityFactor} time.
 *
 * <p>Thread-safe: every method takes the instance's {@link ReentrantLock} (not a monitor, so a virtual thread in
 * the mock never pins its carrier) for a few hundred nanoseconds; the {@link Host} is called under that lock.
 * Per event the cost is O(1) amortised (a deque and hash maps), whatever the queue's length.
 */
public final class OverloadModel {

    /**
     * Told of what happens later to requests that waited ({@link Verdict.Queued}) or were in service. Called under
     * the model's lock, in the order of events: keep it short and never call back into the model.
     */
    public interface Host {
        /** Attempt {@code attemptId} left the queue and is served from {@code tNanos} for {@code serviceNanos}; call {@link #depart} at its end. */
        void started(long attemptId, long tNanos, long serviceNanos);

        /** Attempt {@code attemptId} is answered at {@code tNanos} without (further) service: a queue timeout or a phase abort. */
        void answered(long attemptId, long tNanos, Verdict.Reject answer);

        Host NONE = new Host() {
            @Override public void started(long attemptId, long tNanos, long serviceNanos) {}
            @Override public void answered(long attemptId, long tNanos, Verdict.Reject answer) {}
        };
    }

    /** Attempt ids that the model does not track (the plain {@link #arrive(long)}). */
    public static final long UNTRACKED = -1;

    private static final byte WAITING = 1, SERVING = 2, GONE = 3;

    /** One tracked attempt. */
    private static final class Attempt {
        final long id;
        final long arrivedNanos;
        final long deadlineNanos;
        /** Size of the request's body, for a size-dependent service time ({@code perKiB}). */
        long bodyBytes;
        long startNanos;
        boolean wasted;
        byte state = WAITING;

        Attempt(long id, long arrivedNanos, long deadlineNanos) {
            this.id = id;
            this.arrivedNanos = arrivedNanos;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private final ServerSpec spec;
    private final QueueSpec q;
    private final RandomGenerator rng;
    private final TokenBucket bucket;
    private final Host host;
    private final ReentrantLock lock = new ReentrantLock();
    private final long slotNanos;
    private LoadSeries series;
    private long inService;
    /** Tracked attempts in service, in the order they started (phase aborts draw in that order). */
    private final LinkedHashMap<Long, Attempt> serving = new LinkedHashMap<>();
    /** Waiting attempts by id (for {@link #abandon}). */
    private final HashMap<Long, Attempt> waitingById = new HashMap<>();
    /** Waiting attempts, oldest first; abandoned ones stay until reached from either end (lazy deletion). */
    private final ArrayDeque<Attempt> room = new ArrayDeque<>();
    private long waiting;
    private long queueTimeouts;

    /**
     * A model without a host, its series in 10 ms slots: enough for a server without {@code workers}, where nothing waits.
     *
     * @param rng the random source; the model draws from it under its lock, so it need not be thread-safe
     *            but must not be shared with anyone else
     */
    public OverloadModel(ServerSpec spec, RandomGenerator rng) {
        this(spec, rng, Host.NONE, 10_000_000L);
    }

    /**
     * @param host      told when a waiting request starts or is answered later
     * @param slotNanos length of a {@link #series()} slot, in nanoseconds (> 0)
     */
    public OverloadModel(ServerSpec spec, RandomGenerator rng, Host host, long slotNanos) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.q = spec.queueing();
        this.rng = Objects.requireNonNull(rng, "rng");
        this.host = Objects.requireNonNull(host, "host");
        this.bucket = new TokenBucket(depth(spec.phases().getFirst().capacityFactor()));
        this.slotNanos = slotNanos;
        this.series = newSeries();
    }

    private LoadSeries newSeries() {
        LoadSeries s = new LoadSeries(slotNanos);
        if (q.workers() > 0) {
            s.hasWorkers();
            s.workers(q.workersAt(spec.phases().getFirst().capacityFactor()));
        }
        return s;
    }

    public ServerSpec spec() { return spec; }

    /** Whether the event-driven model runs (any waiting-room or contention key set): the host must then drive {@link #phaseStart} and {@link #expire}. */
    public boolean eventDriven() { return q.active(); }

    /**
     * Decides the fate of one untracked request arriving at {@code tNanos} since the phase clock started
     * (no attempt id, no client deadline: never wasted, never abandoned). Calls should come in non-decreasing
     * {@code tNanos}; a time earlier than one already seen is treated as no time passing for the token bucket.
     * With a waiting room, use {@link #arrive(long, long, long)}.
     */
    public Verdict arrive(long tNanos) {
        return arrive(tNanos, UNTRACKED, Long.MAX_VALUE);
    }

    /**
     * Decides the fate of attempt {@code attemptId} arriving at {@code tNanos}, whose client stops waiting at
     * {@code clientDeadlineNanos} (phase-clock time; {@link Long#MAX_VALUE} for never).
     *
     * @param attemptId unique among the attempts this model still knows, >= 0; or {@link #UNTRACKED}
     * @return {@link Verdict.Admit} (served now: call {@link #depart} at its end), {@link Verdict.Queued} (waits:
     *         the {@link Host} hears of it later), or an answer at once
     */
    public Verdict arrive(long tNanos, long attemptId, long clientDeadlineNanos) {
        return arrive(tNanos, attemptId, clientDeadlineNanos, 0);
    }

    /**
     * As {@link #arrive(long, long, long)}, for a request whose body has {@code bodyBytes} bytes: a latency with
     * {@code perKiB} charges its service time for them ({@link ServiceTimes#sampleNanos(dev.stampede.scenario.LatencySpec, double, RandomGenerator, long)}).
     */
    public Verdict arrive(long tNanos, long attemptId, long clientDeadlineNanos, long bodyBytes) {
        lock.lock();
        try {
            series.advance(tNanos);
            PhaseSpec phase = spec.phaseAt(tNanos);
            double u = rng.nextDouble();

            double edge = phase.reset();
            if (u < edge) return new Verdict.Reset();
            edge += phase.hang();
            if (u < edge) return new Verdict.Hang();
            for (Map.Entry<Integer, Double> e : phase.errors().entrySet()) {
                edge += e.getValue();
                if (u < edge) return new Verdict.Reject(e.getKey(), RetryHeaders.of(phase, e.getKey(), null, rng), Verdict.Cause.ERROR);
            }
            edge += phase.overload();
            if (u < edge) return new Verdict.Reject(529, RetryHeaders.of(phase, 529, null, rng), Verdict.Cause.FORCED);

            if (!hasConcurrencyRoom(phase.capacityFactor())) return shed(phase);
            if (!q.active()) {
                if (!takeCapacity(tNanos, phase.capacityFactor())) return shed(phase);
                inService++;
                long serviceNanos = ServiceTimes.sampleNanos(spec.latency(), phase.latencyFactor(), rng, bodyBytes);
                PhaseSpec aborting = abortingPhase(tNanos, serviceNanos);
                Verdict v;
                long endNanos;
                if (aborting != null && rng.nextDouble() < aborting.abort()) {
                    v = new Verdict.Abort(aborting.at().toNanos() - tNanos, 529, RetryHeaders.of(aborting, 529, null, rng));
                    endNanos = aborting.at().toNanos();
                } else {
                    v = new Verdict.Admit(serviceNanos);
                    endNanos = tNanos + serviceNanos;
                }
                track(attemptId, tNanos, clientDeadlineNanos, endNanos);
                return v;
            }
            boolean free = inService < q.workersAt(phase.capacityFactor());
            if (!free && waiting >= q.queue()) return shed(phase);
            if (!takeCapacity(tNanos, phase.capacityFactor())) return shed(phase);
            Attempt a = new Attempt(attemptId, tNanos, clientDeadlineNanos);
            a.bodyBytes = bodyBytes;
            if (free) return new Verdict.Admit(start(a, tNanos, phase));
            if (attemptId < 0) throw new IllegalArgumentException("a request that may wait needs an attempt id");
            room.addLast(a);
            waitingById.put(attemptId, a);
            waiting++;
            series.queued(1);
            return Verdict.Queued.INSTANCE;
        } finally {
            lock.unlock();
        }
    }

    private Verdict.Reject shed(PhaseSpec phase) {
        return new Verdict.Reject(529, RetryHeaders.of(phase, 529, spec.overloadedRetryAfter(), spec.overloadedRetryAfterUpTo(), rng), Verdict.Cause.SHED);
    }

    /** Legacy path: an admitted request in service until {@code endNanos} (known at admission). */
    private void track(long attemptId, long tNanos, long deadlineNanos, long endNanos) {
        boolean wasted = deadlineNanos < endNanos;
        series.busy(1, wasted);
        if (attemptId < 0) {
            untracked++;
            return;
        }
        Attempt a = new Attempt(attemptId, tNanos, deadlineNanos);
        a.startNanos = tNanos;
        a.wasted = wasted;
        a.state = SERVING;
        serving.put(attemptId, a);
    }

    /** Untracked requests in service (the plain {@link #arrive(long)} and {@link #depart(long)}), never wasted. */
    private long untracked;

    /** Starts serving {@code a} at {@code tNanos}: the service time with contention, the levels. */
    private long start(Attempt a, long tNanos, PhaseSpec phase) {
        long serviceNanos = ServiceTimes.sampleNanos(spec.latency(), phase.latencyFactor(), rng, a.bodyBytes);
        if (!q.contention().isZero() && inService > 0) {
            double extra = (double) q.contention().toNanos() * phase.latencyFactor() * inService;
            serviceNanos = extra >= Long.MAX_VALUE - serviceNanos ? Long.MAX_VALUE / 2 : serviceNanos + Math.round(extra);
        }
        inService++;
        a.startNanos = tNanos;
        a.state = SERVING;
        a.wasted = a.deadlineNanos < tNanos + serviceNanos;
        series.busy(1, a.wasted);
        if (a.id >= 0) serving.put(a.id, a);
        else untracked++;
        return serviceNanos;
    }

    /**
     * An untracked request's service ended at {@code tNanos}: frees its concurrency slot.
     *
     * @throws IllegalStateException when no untracked request is in service (a depart without an admit)
     */
    public void depart(long tNanos) {
        lock.lock();
        try {
            if (untracked == 0) throw new IllegalStateException("depart at " + tNanos + " ns with no request in service");
            series.advance(tNanos);
            untracked--;
            inService--;
            series.busy(-1, false);
            fill(tNanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Attempt {@code attemptId}'s service ended at {@code tNanos} (its service time, or an {@link Verdict.Abort}'s
     * wait, is over): frees its worker, which takes the next waiting request. An attempt the model already let
     * go (abandoned, aborted by a phase) is ignored, so the host may call this for every service it started.
     *
     * @return true when the attempt was in service until now (it completed: answer 200), false when the model had
     *         already let it go
     */
    public boolean depart(long tNanos, long attemptId) {
        if (attemptId < 0) {
            depart(tNanos);
            return true;
        }
        lock.lock();
        try {
            Attempt a = serving.remove(attemptId);
            if (a == null) return false;
            series.advance(tNanos);
            leave(a);
            fill(tNanos);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether attempt {@code attemptId} is waiting or in service. */
    public boolean holds(long attemptId) {
        lock.lock();
        try {
            return waitingById.containsKey(attemptId) || serving.containsKey(attemptId);
        } finally {
            lock.unlock();
        }
    }

    private void leave(Attempt a) {
        a.state = GONE;
        inService--;
        series.busy(-1, a.wasted);
    }

    /** Free workers take waiting requests, in the discipline's order. */
    private void fill(long tNanos) {
        if (waiting == 0) return;
        PhaseSpec phase = spec.phaseAt(tNanos);
        long workers = q.workersAt(phase.capacityFactor());
        while (waiting > 0 && inService < workers) {
            Attempt a = q.discipline() == QueueSpec.Discipline.LIFO ? room.pollLast() : room.pollFirst();
            if (a.state != WAITING) continue; // abandoned while it waited
            unqueue(a);
            long service = start(a, tNanos, phase);
            host.started(a.id, tNanos, service);
        }
    }

    private void unqueue(Attempt a) {
        waitingById.remove(a.id);
        waiting--;
        series.queued(-1);
    }

    /**
     * Drops every request that has waited {@code queueTimeout} by {@code tNanos} (none without one): each is
     * answered 529 through the {@link Host}. The oldest waiters are at the head of the room whatever the
     * discipline, so this costs O(1) per drop.
     */
    public void expire(long tNanos) {
        if (q.queueTimeout() == null) return;
        lock.lock();
        try {
            series.advance(tNanos);
            long timeoutNanos = q.queueTimeout().toNanos();
            PhaseSpec phase = null;
            for (Attempt a; (a = room.peekFirst()) != null; ) {
                if (a.state != WAITING) {
                    room.pollFirst();
                    continue;
                }
                if (a.arrivedNanos + timeoutNanos > tNanos) break;
                room.pollFirst();
                a.state = GONE;
                unqueue(a);
                queueTimeouts++;
                series.queueTimeout(tNanos);
                if (phase == null) phase = spec.phaseAt(tNanos);
                host.answered(a.id, tNanos, new Verdict.Reject(529, shed(phase).headers(), Verdict.Cause.QUEUE_TIMEOUT));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The client of attempt {@code attemptId} stopped waiting at {@code tNanos}. With {@code cancelAbandoned} the
     * server drops the work: a waiting request leaves the room, one in service frees its worker (the time it was
     * served counts as wasted). Without it, or for an attempt the model no longer holds, nothing happens.
     */
    public void abandon(long tNanos, long attemptId) {
        if (!q.cancelAbandoned() || attemptId < 0) return;
        lock.lock();
        try {
            series.advance(tNanos);
            Attempt a = waitingById.get(attemptId);
            if (a != null) {
                a.state = GONE;
                unqueue(a);
                compactRoom();
                return;
            }
            a = serving.remove(attemptId);
            if (a == null) return;
            if (!a.wasted) { // it ends before its planned end, for a client that left: all of it is wasted
                series.busy(-1, false);
                series.busy(1, true);
                a.wasted = true;
            }
            leave(a);
            fill(tNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Abandoned entries are skipped lazily; rebuild when they outnumber the waiting, so memory stays O(waiting). */
    private void compactRoom() {
        if (room.size() < 1024 || room.size() < 2 * waiting) return;
        room.removeIf(a -> a.state != WAITING);
    }

    /**
     * The phase starting at {@code tNanos} begins (event-driven model only; the host calls it at every phase's
     * {@code at} after 0): with {@code abort > 0}, one draw per request in service decides whether it fails now
     * (each reported to the {@link Host} as a 529, cause {@link Verdict.Cause#FORCED}); then workers added by a
     * larger {@code capacityFactor} take waiting requests.
     */
    public void phaseStart(long tNanos) {
        if (!q.active()) return;
        lock.lock();
        try {
            series.advance(tNanos);
            PhaseSpec phase = spec.phaseAt(tNanos);
            if (q.workers() > 0) series.workers(q.workersAt(phase.capacityFactor()));
            if (phase.abort() > 0 && phase.at().toNanos() == tNanos) {
                List<Attempt> failed = new ArrayList<>();
                for (Attempt a : serving.values()) if (rng.nextDouble() < phase.abort()) failed.add(a);
                Verdict.Reject answer = new Verdict.Reject(529, RetryHeaders.of(phase, 529, null, rng), Verdict.Cause.FORCED);
                for (Attempt a : failed) {
                    serving.remove(a.id);
                    leave(a);
                    host.answered(a.id, tNanos, answer);
                }
            }
            fill(tNanos);
        } finally {
            lock.unlock();
        }
    }

    /** The first phase with {@code abort > 0} starting strictly inside the service window, or {@code null}. */
    private PhaseSpec abortingPhase(long tNanos, long serviceNanos) {
        long endNanos = tNanos + serviceNanos;
        for (PhaseSpec p : spec.phases()) {
            long at = p.at().toNanos();
            if (at >= endNanos) return null;
            if (at > tNanos && p.abort() > 0) return p;
        }
        return null;
    }

    /** Requests in service (admitted or started, and not yet departed). */
    public long inService() {
        lock.lock();
        try { return inService; } finally { lock.unlock(); }
    }

    /** Requests waiting for a worker. */
    public long queued() {
        lock.lock();
        try { return waiting; } finally { lock.unlock(); }
    }

    /** Requests dropped by {@code queueTimeout} since the clock (re)started. */
    public long queueTimeouts() {
        lock.lock();
        try { return queueTimeouts; } finally { lock.unlock(); }
    }

    /** The levels so far, integrated up to {@code tNanos} (busy, wasted, waiting, worker time per slot). */
    public LoadSeries.Snapshot series(long tNanos) {
        lock.lock();
        try {
            series.advance(tNanos);
            return series.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The phase clock restarted: later {@code tNanos} count from the new zero, the token bucket is full again and
     * the series and queue-timeout count start afresh. Requests in service or waiting stay until they leave.
     */
    public void restartClock() {
        lock.lock();
        try {
            bucket.restart(depth(spec.phases().getFirst().capacityFactor()));
            series = newSeries();
            series.busy(inService, false);
            series.queued(waiting);
            queueTimeouts = 0;
        } finally {
            lock.unlock();
        }
    }

    private boolean hasConcurrencyRoom(double capacityFactor) {
        if (spec.concurrency() == 0) return true;
        return inService < concurrencyLimit(spec.concurrency(), capacityFactor);
    }

    /** {@code concurrency × factor} rounded down, at least 1 unless the factor is 0. */
    static long concurrencyLimit(int concurrency, double capacityFactor) {
        if (capacityFactor <= 0) return 0;
        return Math.max(1, (long) Math.floor(concurrency * capacityFactor));
    }

    private boolean takeCapacity(long tNanos, double capacityFactor) {
        if (spec.capacity() == null) return true;
        double rate = spec.capacity().perSecond() * capacityFactor;
        if (!(rate > 0)) return false;
        return bucket.tryTake(tNanos, rate, depth(capacityFactor));
    }

    private double depth(double capacityFactor) {
        return Math.max(1, Math.max(1, spec.burst()) * capacityFactor);
    }

}
