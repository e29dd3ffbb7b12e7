package dev.stampede.lifecycle;

import dev.stampede.policy.Refusal;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.scenario.PolicyDef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A work queue served by workers of its own with one backoff they share (seed 004 option 3, {@code workQueue:}), as
 * a pure state machine: no clock, no threads. Both engines drive it with the same events and carry out the
 * {@link Effect}s it returns, so both decide alike by construction; the requests' own {@link RequestLifecycle}s still
 * decide success, retry and give-up, and record every step.
 *
 * <p>The article's {@code ResilientQueuedAgent}, step by step:
 * <ul>
 *   <li>{@link #submit}: a full queue refuses at once ({@code queueFull}); else the request joins the tail and the
 *       engine must deliver {@link #deadline} at {@link Entry#deadlineNanos()} (the caller's {@code wait_for}).</li>
 *   <li>An idle worker takes the head. A request whose caller gave up is dropped without an attempt (the article's
 *       "expired" check, with its {@code set_result} on a cancelled future modelled as intended: the drain loop goes
 *       on); one whose deadline has come ends now; otherwise its next attempt goes ({@link Effect.Send}).</li>
 *   <li>{@link #answered}: the request's lifecycle decides. A success sets the shared backoff back to {@code base}.
 *       A retry makes the worker sleep the shared backoff ({@link Effect.Sleep}) holding the request; at the end of
 *       the sleep ({@link #sleepOver}) the backoff doubles (at most {@code cap}) and the request goes back to the
 *       tail, or fails as {@code queueFull} when the queue is full then ("Queue full during retry").</li>
 *   <li>{@link #deadline}: the caller leaves ({@code limiterWait}, {@link RequestLifecycle#gaveUp}). A queued request
 *       stays in the queue as a placeholder, holding its place, until a worker drops it (as the article's queue keeps
 *       it); one held by a sleeping worker is put back after the sleep all the same. One whose attempt is on the wire
 *       ends when the answer comes (departs from the article, where the caller leaves at the deadline itself: the
 *       request's end is recorded up to one attempt late); its worker then treats the answer as the article's drain
 *       loop does (a success resets the backoff, a retried failure makes it sleep and re-queue the placeholder).</li>
 *   <li>{@link #close}: the run's horizon closed: queued and held requests are cut off; no attempt starts.</li>
 * </ul>
 *
 * <p>Not thread-safe: the simulator calls it from its event loop, the live engine under one lock. Times are
 * nanoseconds since the run started.
 *
 * @param <T> the engine's handle of a request (the simulator's slot, the live engine's ticket)
 */
public final class WorkQueue<T> {

    /** A request in the queue (or with a worker). */
    public static final class Entry<T> {
        private final RequestLifecycle request;
        private final T handle;
        private final long deadlineNanos;
        private boolean started;
        /** The caller left (or the request ended): a worker drops it when it reaches it. */
        private boolean gone;
        /** The worker sending its attempt, or -1. */
        private int worker = -1;

        Entry(RequestLifecycle request, T handle, long deadlineNanos) {
            this.request = request;
            this.handle = handle;
            this.deadlineNanos = deadlineNanos;
        }

        /** The engine's handle of the request. */
        public T handle() { return handle; }

        /** When the caller gives up: its enqueue time plus the queue's deadline. */
        public long deadlineNanos() { return deadlineNanos; }

        /** The request's lifecycle. */
        public RequestLifecycle request() { return request; }
    }

    /** What the engine must do after an event, in order. */
    public sealed interface Effect<T> {
        /** Put {@code send} of the entry's request on the wire for {@code worker}; then deliver {@link #answered}. */
        record Send<T>(int worker, Entry<T> entry, RequestLifecycle.Action.Send send) implements Effect<T> {}

        /** {@code worker} sleeps until {@code untilNanos}; then deliver {@link #sleepOver}. */
        record Sleep<T>(int worker, long untilNanos) implements Effect<T> {}

        /** The entry's request is over (already recorded): the engine releases its caller. */
        record Ended<T>(Entry<T> entry, RequestLifecycle.Action.End end) implements Effect<T> {}
    }

    private enum WorkerState { IDLE, SENDING, SLEEPING }

    private final int size;
    private final long deadlineNanos;
    private final long baseNanos;
    private final long capNanos;
    private final Predicate<AttemptOutcome> retried;
    private final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
    private final WorkerState[] states;
    /** Per worker: the entry it sends or holds through its sleep, or {@code null}. */
    private final List<Entry<T>> held;
    private long backoffNanos;
    private boolean closed;
    private List<Effect<T>> out = new ArrayList<>();

    /**
     * @param spec    size, deadline and workers
     * @param baseNanos the shared backoff's first sleep ({@code retry.base}), {@code > 0}
     * @param capNanos  its longest sleep ({@code retry.cap}), {@code >= baseNanos}
     * @param retried the outcomes the policy retries (how a worker treats the answer to a request whose caller left)
     */
    public WorkQueue(PolicyDef.WorkQueue spec, long baseNanos, long capNanos, Predicate<AttemptOutcome> retried) {
        if (baseNanos <= 0) throw new IllegalArgumentException("the shared backoff's base must be > 0, got " + baseNanos + " ns");
        if (capNanos < baseNanos) throw new IllegalArgumentException("the shared backoff's cap must be >= its base");
        this.size = spec.size();
        this.deadlineNanos = spec.deadline().toNanos();
        this.baseNanos = baseNanos;
        this.capNanos = capNanos;
        this.backoffNanos = baseNanos;
        this.retried = java.util.Objects.requireNonNull(retried, "retried");
        this.states = new WorkerState[spec.workers()];
        java.util.Arrays.fill(states, WorkerState.IDLE);
        this.held = new ArrayList<>(java.util.Collections.nCopies(spec.workers(), null));
    }

    /**
     * What an engine needs to build a fresh work queue per run: the policy's {@code workQueue:} with its row's
     * {@code retry.base}, {@code retry.cap} and retried statuses and errors.
     */
    public record Plan(PolicyDef.WorkQueue spec, long baseNanos, long capNanos, Predicate<AttemptOutcome> retried) {
        /** The row's plan, or {@code null} when the row has no work queue. */
        public static Plan of(PolicyDef row) {
            if (row.workQueue() == null) return null;
            java.util.Set<Integer> statuses = row.retry().retryStatuses();
            java.util.Set<dev.stampede.scenario.ErrorKind> errors = row.retry().retryErrors();
            return new Plan(row.workQueue(), row.retry().base().toNanos(), row.retry().cap().toNanos(),
                    o -> o.error() != null ? errors.contains(o.error()) : !o.isSuccess() && statuses.contains(o.status()));
        }

        /** A fresh, empty work queue: one per run and population. */
        public <T> WorkQueue<T> fresh() { return new WorkQueue<>(spec, baseNanos, capNanos, retried); }
    }

    /** The number of workers. */
    public int workers() { return states.length; }

    /** Places taken in the queue (placeholders of callers that left included). */
    public int queued() { return queue.size(); }

    /** The shared backoff's next sleep. */
    public long backoffNanos() { return backoffNanos; }

    /**
     * A request enqueued at {@code nowNanos}: refused at once when the queue is full, else queued (and taken by an idle
     * worker). The engine delivers {@link #deadline} at the returned entry's {@link Entry#deadlineNanos()} unless an
     * {@link Effect.Ended} for it came first.
     */
    public Submitted<T> submit(long nowNanos, RequestLifecycle request, T handle) {
        Entry<T> e = new Entry<>(request, handle, nowNanos + deadlineNanos);
        if (closed) {
            end(e, request.cutOff(nowNanos));
        } else if (queue.size() >= size) {
            end(e, request.limiterRefused(nowNanos, Refusal.QUEUE_FULL));
        } else {
            queue.addLast(e);
            for (int w = 0; w < states.length; w++) if (states[w] == WorkerState.IDLE) take(w, nowNanos);
        }
        return new Submitted<>(e, flush());
    }

    /** The entry {@link #submit} made, and the effects of submitting it. */
    public record Submitted<T>(Entry<T> entry, List<Effect<T>> effects) {}

    /** The entry's caller reached its deadline. */
    public List<Effect<T>> deadline(Entry<T> e, long nowNanos) {
        // on the wire: it ends with its answer (answered sees the deadline has passed)
        if (!e.gone && !e.request.done() && e.worker < 0) end(e, e.request.gaveUp(nowNanos, null));
        return flush();
    }

    /** The answer to the entry's attempt came (or its timeout): the worker treats it and takes the next request. */
    public List<Effect<T>> answered(Entry<T> e, long nowNanos, AttemptOutcome outcome, String body) {
        int w = e.worker;
        if (w < 0 || held.get(w) != e) throw new IllegalStateException("no attempt of this request is on the wire");
        freeWorker(e);
        if (nowNanos >= e.deadlineNanos) {
            // the caller left while the attempt was on the wire: it ends now; the worker acts on the answer as the
            // article's drain loop does, the request's place becoming a placeholder
            end(e, e.request.gaveUp(nowNanos, outcome));
            if (outcome.isSuccess()) backoffNanos = baseNanos;
            else if (retried.test(outcome)) sleep(w, e, nowNanos);
        } else {
            switch (e.request.answered(nowNanos, outcome, body)) {
                case RequestLifecycle.Action.End end -> {
                    end(e, end);
                    if (end.succeeded()) backoffNanos = baseNanos;
                }
                case RequestLifecycle.Action.Wait wait -> sleep(w, e, nowNanos);
                case RequestLifecycle.Action.Send send -> sendNow(w, e, send);
            }
        }
        if (states[w] == WorkerState.IDLE) take(w, nowNanos);
        return flush();
    }

    /** The worker's sleep is over: the backoff doubles, the request it held goes back to the tail, the worker goes on. */
    public List<Effect<T>> sleepOver(int worker, long nowNanos) {
        if (states[worker] != WorkerState.SLEEPING) throw new IllegalStateException("worker " + worker + " is not sleeping");
        Entry<T> e = held.get(worker);
        held.set(worker, null);
        states[worker] = WorkerState.IDLE;
        backoffNanos = backoffNanos > capNanos / 2 ? capNanos : Math.min(capNanos, backoffNanos * 2);
        boolean live = !e.gone && !e.request.done();
        if (closed) {
            if (live) end(e, e.request.cutOff(nowNanos));
        } else if (queue.size() < size) {
            queue.addLast(e);
        } else if (live) {
            end(e, e.request.limiterRefused(nowNanos, Refusal.QUEUE_FULL));  // "Queue full during retry"
        }
        take(worker, nowNanos);
        return flush();
    }

    /**
     * The run's horizon closed: every queued request and every one a sleeping worker holds ends cut off (its
     * lifecycle gives the horizon's reason); attempts on the wire finish; no attempt starts from now on.
     */
    public List<Effect<T>> close(long nowNanos) {
        if (!closed) {
            closed = true;
            for (Entry<T> e : queue) if (!e.gone && !e.request.done()) end(e, e.request.cutOff(nowNanos));
            queue.clear();
            for (int w = 0; w < states.length; w++) {
                Entry<T> e = held.get(w);
                if (states[w] == WorkerState.SLEEPING && !e.gone && !e.request.done()) end(e, e.request.cutOff(nowNanos));
            }
        }
        return flush();
    }

    /** The entry's attempt was abandoned (the live engine interrupted its worker): the request ends, the worker stops. */
    public List<Effect<T>> abandoned(Entry<T> e, long nowNanos) {
        if (e.worker >= 0) {
            freeWorker(e);
            if (!e.request.done()) end(e, e.request.abandoned(nowNanos));
        }
        return flush();
    }

    /** Frees the worker holding {@code e}'s attempt: it is idle again, and the entry is on no worker. */
    private void freeWorker(Entry<T> e) {
        int w = e.worker;
        e.worker = -1;
        held.set(w, null);
        states[w] = WorkerState.IDLE;
    }

    /** The engine's own code failed on the entry's request: it ends as {@code internalError}, its worker is freed. */
    public List<Effect<T>> failed(Entry<T> e, long nowNanos) {
        int w = e.worker;
        if (w >= 0) freeWorker(e);
        if (!e.gone && !e.request.done()) end(e, e.request.failed(nowNanos));
        e.gone = true;
        if (w >= 0 && !closed) take(w, nowNanos);
        return flush();
    }

    /** True when no request is queued and every worker is idle. */
    public boolean idle() {
        if (!queue.isEmpty()) return false;
        for (WorkerState s : states) if (s != WorkerState.IDLE) return false;
        return true;
    }

    /** The idle worker {@code w} takes the next request it can send, if any. */
    private void take(int w, long nowNanos) {
        while (!closed && !queue.isEmpty()) {
            Entry<T> e = queue.pollFirst();
            if (e.gone || e.request.done()) continue;         // its caller left: dropped without an attempt
            if (nowNanos >= e.deadlineNanos) {                // its deadline has come: the caller leaves now
                end(e, e.request.gaveUp(nowNanos, null));
                continue;
            }
            RequestLifecycle.Action a = e.started ? e.request.timerFired(nowNanos) : e.request.start(nowNanos);
            e.started = true;
            switch (a) {
                case RequestLifecycle.Action.Send send -> {
                    sendNow(w, e, send);
                    return;
                }
                case RequestLifecycle.Action.End end -> end(e, end);
                case RequestLifecycle.Action.Wait wait ->
                        throw new IllegalStateException("a work queue's request waits only in the queue");
            }
        }
    }

    private void sendNow(int w, Entry<T> e, RequestLifecycle.Action.Send send) {
        states[w] = WorkerState.SENDING;
        held.set(w, e);
        e.worker = w;
        out.add(new Effect.Send<>(w, e, send));
    }

    private void sleep(int w, Entry<T> e, long nowNanos) {
        states[w] = WorkerState.SLEEPING;
        held.set(w, e);
        out.add(new Effect.Sleep<>(w, nowNanos + backoffNanos));
    }

    private void end(Entry<T> e, RequestLifecycle.Action action) {
        e.gone = true;
        if (!(action instanceof RequestLifecycle.Action.End end)) {
            throw new IllegalStateException("expected the request to end, got " + action);
        }
        out.add(new Effect.Ended<>(e, end));
    }

    private List<Effect<T>> flush() {
        if (out.isEmpty()) return List.of();
        List<Effect<T>> done = out;
        out = new ArrayList<>();
        return done;
    }
}
