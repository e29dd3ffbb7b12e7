package dev.stampede.load;

import dev.stampede.lifecycle.RequestLifecycle;
import dev.stampede.lifecycle.WorkQueue;
import dev.stampede.scenario.RequestDraws;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The live engine's driver of a {@link WorkQueue} (a policy's {@code workQueue:}): the machine decides under one lock;
 * the callers' threads wait for their request to end (or their deadline), and workers of its own (virtual threads
 * on the run's client executor) send the attempts and sleep the shared backoff, outside the lock. One per run and
 * population; thread-safe.
 *
 * <p>Waits poll the run's stop every {@code pollNanos} (the engine's cancellation poll): when the run stops, queued
 * requests end cut off (the horizon's reason), attempts on the wire finish, and the workers end. The callers' waits
 * for their deadline are real-time (a run's engine clock is the system's); the workers' sleeps are on the run's clock.
 */
final class LiveWorkQueue {

    /** A request in the queue, as its caller's thread and the workers share it. */
    static final class Ticket {
        final RequestDraws.Draw draw;
        final long logicalId;
        /** Set under the lock once its request ended. */
        boolean ended;

        Ticket(RequestDraws.Draw draw, long logicalId) {
            this.draw = draw;
            this.logicalId = logicalId;
        }
    }

    private final WorkQueue<Ticket> machine;
    private final RunTiming timing;
    private final LogicalRequest requests;
    private final long pollNanos;
    private final Consumer<RuntimeException> bugs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Per worker: what it does next (a send or a sleep), or {@code null}. */
    private final WorkQueue.Effect<?>[] jobs;

    /**
     * @param requests  performs each attempt (its send lag and billing recorded as for any attempt)
     * @param pollNanos how often waits look at the run's stop, {@code > 0}
     * @param bugs      told every {@link RuntimeException} that ended a request as {@code internalError}
     */
    LiveWorkQueue(WorkQueue.Plan plan, RunTiming timing, LogicalRequest requests, long pollNanos, Consumer<RuntimeException> bugs) {
        this.machine = plan.fresh();
        this.timing = timing;
        this.requests = requests;
        this.pollNanos = pollNanos;
        this.bugs = bugs;
        this.jobs = new WorkQueue.Effect<?>[machine.workers()];
    }

    /** Starts the workers on {@code threads}; each ends once the run has stopped and it holds no request. */
    void startWorkers(ExecutorService threads) {
        for (int w = 0; w < jobs.length; w++) {
            int worker = w;
            threads.execute(() -> work(worker));
        }
    }

    /**
     * Enqueues {@code request} and waits until it ends: refused, answered, given up at its deadline, or cut off by
     * the run's stop. Runs on the caller's thread.
     *
     * @return true when the thread was interrupted (the caller should stop)
     */
    boolean run(RequestLifecycle request, RequestDraws.Draw draw, long logicalId) {
        Ticket ticket = new Ticket(draw, logicalId);
        WorkQueue.Entry<Ticket> entry = null;
        lock.lock();
        try {
            WorkQueue.Submitted<Ticket> sub = machine.submit(timing.elapsedNanos(), request, ticket);
            entry = sub.entry();
            apply(sub.effects());
            while (!ticket.ended) {
                long now = timing.elapsedNanos();
                if (timing.stop().stopped()) apply(machine.close(now));
                if (!ticket.ended && now >= entry.deadlineNanos()) apply(machine.deadline(entry, now));
                if (ticket.ended) break;
                long left = entry.deadlineNanos() - now;
                changed.awaitNanos(left > 0 ? Math.min(left, pollNanos) : pollNanos);
            }
            return false;
        } catch (InterruptedException e) {
            // the drain gave up on this run: what is queued ends cut off; an attempt on the wire is its worker's
            apply(machine.close(timing.elapsedNanos()));
            return true;
        } catch (RuntimeException e) {
            bugs.accept(e);
            if (!ticket.ended) {
                if (entry != null) {
                    apply(machine.failed(entry, timing.elapsedNanos()));
                } else if (!request.done()) {
                    request.failed(timing.elapsedNanos());
                    timing.requestEnded(timing.elapsedNanos());
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** One worker: waits for a job, does it outside the lock, and reports back, until the run stops. */
    private void work(int w) {
        while (true) {
            WorkQueue.Effect<?> job;
            lock.lock();
            try {
                while ((job = jobs[w]) == null) {
                    if (timing.stop().stopped()) {
                        apply(machine.close(timing.elapsedNanos()));
                        if (jobs[w] == null) return;
                        continue;
                    }
                    changed.awaitNanos(pollNanos);
                }
                jobs[w] = null;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (!perform(w, job)) return;
        }
    }

    /** Does one job; false when the worker was interrupted (the run is being torn down). */
    @SuppressWarnings("unchecked")
    private boolean perform(int w, WorkQueue.Effect<?> job) {
        switch (job) {
            case WorkQueue.Effect.Send<?> s -> {
                WorkQueue.Effect.Send<Ticket> send = (WorkQueue.Effect.Send<Ticket>) s;
                Ticket t = send.entry().handle();
                Exchange.Answer answer;
                try {
                    answer = requests.workerAttempt(send.send(), t.draw, t.logicalId);
                } catch (InterruptedException e) {
                    report(() -> machine.abandoned(send.entry(), timing.elapsedNanos()));
                    return false;
                } catch (RuntimeException e) {
                    report(() -> machine.failed(send.entry(), timing.elapsedNanos()));
                    bugs.accept(e);
                    return true;
                }
                report(() -> machine.answered(send.entry(), timing.elapsedNanos(), answer.outcome(), answer.body()));
                return true;
            }
            case WorkQueue.Effect.Sleep<?> sleep -> {
                boolean ranOut;
                try {
                    ranOut = timing.awaitElapsed(sleep.untilNanos());
                } catch (InterruptedException e) {
                    report(() -> machine.close(timing.elapsedNanos()));
                    return false;
                }
                report(() -> {
                    long now = timing.elapsedNanos();
                    List<WorkQueue.Effect<Ticket>> closed = ranOut ? List.of() : machine.close(now);
                    apply(closed);
                    return machine.sleepOver(w, now);
                });
                return true;
            }
            case WorkQueue.Effect.Ended<?> ended -> throw new IllegalStateException("an end is not a worker's job");
        }
    }

    /** Runs one event of the machine under the lock and carries out its effects; a bug in it is reported, not thrown. */
    private void report(java.util.function.Supplier<List<WorkQueue.Effect<Ticket>>> event) {
        lock.lock();
        try {
            apply(event.get());
        } catch (RuntimeException e) {
            bugs.accept(e);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: hands sends and sleeps to their workers, releases the callers of ended requests. */
    private void apply(List<WorkQueue.Effect<Ticket>> effects) {
        if (effects.isEmpty()) return;
        for (WorkQueue.Effect<Ticket> effect : effects) {
            switch (effect) {
                case WorkQueue.Effect.Send<Ticket> send -> jobs[send.worker()] = send;
                case WorkQueue.Effect.Sleep<Ticket> sleep -> jobs[sleep.worker()] = sleep;
                case WorkQueue.Effect.Ended<Ticket> ended -> {
                    ended.entry().handle().ended = true;
                    timing.requestEnded(timing.elapsedNanos());
                }
            }
        }
        changed.signalAll();
    }
}
