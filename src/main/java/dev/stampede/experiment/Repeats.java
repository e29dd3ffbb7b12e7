package dev.stampede.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs independent tasks (a row's repeats, a sweep's points) on a fixed number of worker threads and returns
 * their results in task order. Each task must be deterministic on its own inputs (its seed) and share no
 * mutable state with the others; then the results are identical whatever the thread count, because only the
 * order of completion depends on the threads and the results are collected by task index, never by arrival.
 */
public final class Repeats {

    private Repeats() {}

    /** The seeds of {@code n} repeats: {@code seed, seed+1, …, seed+n-1}. */
    public static List<Long> seeds(long seed, int n) {
        if (n < 1) throw new IllegalArgumentException("repeats must be >= 1, got " + n);
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(seed + i);
        return out;
    }

    /** Worker threads for CPU-bound tasks: the available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs every task and returns the results in task order. With {@code threads == 1} the tasks run one after
     * another on the calling thread (a live run's repeats must not overlap).
     *
     * @throws ExperimentFailure wrapping the failure of the first task (in task order) that failed; the tasks not
     *                           yet started are skipped
     */
    public static <T> List<T> inOrder(List<? extends Callable<T>> tasks, int threads) {
        return inOrder(tasks, threads, () -> false);
    }

    /**
     * As {@link #inOrder(List, int)}, but a task that has not started when {@code stop} turns true is skipped: its
     * result is {@code null}. Tasks under way finish (they may watch {@code stop} themselves).
     */
    public static <T> List<T> inOrder(List<? extends Callable<T>> tasks, int threads, BooleanSupplier stop) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (threads == 1 || tasks.size() <= 1) {
            List<T> out = new ArrayList<>(tasks.size());
            for (int i = 0; i < tasks.size(); i++) out.add(stop.getAsBoolean() ? null : call(tasks.get(i), i));
            return out;
        }
        AtomicInteger failedAt = new AtomicInteger(Integer.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
            Thread t = new Thread(r, "stampede-repeat");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(tasks.size());
            for (int i = 0; i < tasks.size(); i++) {
                int index = i;
                Callable<T> task = tasks.get(i);
                futures.add(pool.submit(() -> {
                    // once a task failed, later ones are not worth running; after a stop, none is
                    if (index > failedAt.get() || stop.getAsBoolean()) return null;
                    try {
                        return task.call();
                    } catch (Exception | Error e) {
                        failedAt.accumulateAndGet(index, Math::min);
                        throw e;
                    }
                }));
            }
            List<T> out = new ArrayList<>(tasks.size());
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new ExperimentFailure(i, e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExperimentFailure(-1, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T call(Callable<T> task, int index) {
        try {
            return task.call();
        } catch (Exception e) {
            throw new ExperimentFailure(index, e);
        }
    }

    /** A task failed; {@link #getCause()} is its exception. */
    public static final class ExperimentFailure extends RuntimeException {
        private final int task;

        ExperimentFailure(int task, Throwable cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
            this.task = task;
        }

        /** The index of the failed task, -1 when the wait was interrupted. */
        public int task() { return task; }
    }
}
