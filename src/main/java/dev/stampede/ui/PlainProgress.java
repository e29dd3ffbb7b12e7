package dev.stampede.ui;

import dev.stampede.metrics.RunRecorder;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Progress for logs and CI: one plain line per running strategy every {@code every} (5 s by default),
 * no escape codes. Polls on its own daemon thread.
 */
public final class PlainProgress implements Progress {

    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(5);

    private final PrintWriter out;
    private final long everyNanos;
    private volatile Running current;
    private final Thread poller;
    private volatile boolean closed;

    private record Running(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots, long startedAtNanos) {}

    public PlainProgress(PrintWriter out, Duration every) {
        this.out = out;
        this.everyNanos = every.toNanos();
        this.poller = Thread.ofPlatform().daemon(true).name("stampede-progress").start(this::poll);
    }

    private void poll() {
        long nextNanos = System.nanoTime() + everyNanos;
        while (!closed) {
            LockSupport.parkNanos(Math.max(1, nextNanos - System.nanoTime()));
            if (closed) return;
            if (System.nanoTime() < nextNanos) continue;  // spurious wake-up
            nextNanos += everyNanos;
            Running r = current;
            if (r != null) print(r);
        }
    }

    private void print(Running r) {
        RunRecorder.Snapshot s;
        try {
            s = r.snapshots().get();
        } catch (RuntimeException e) {
            return;  // a progress line is never worth failing the run for
        }
        synchronized (out) {
            String drain = ProgressLine.draining(s, r.plannedNanos()) ? ProgressLine.barOrDrain(s, r.plannedNanos(), 0).strip() + "  " : "";
            out.println("[" + r.strategy() + "] " + drain + ProgressLine.figures(s, r.plannedNanos()));
            out.flush();
        }
    }

    @Override public void started(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots) {
        current = new Running(strategy, plannedNanos, snapshots, System.nanoTime());
        synchronized (out) {
            out.println("[" + strategy + "] running for " + Math.round(plannedNanos / 1e9) + "s");
            out.flush();
        }
    }

    @Override public void finished(String strategy) {
        Running r = current;
        if (r != null && r.strategy().equals(strategy)) {
            print(r);
            current = null;
        }
    }

    @Override public void close() {
        closed = true;
        LockSupport.unpark(poller);
    }
}
