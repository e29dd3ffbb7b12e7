package dev.stampede.ui;

import dev.stampede.metrics.RunRecorder;

import java.util.function.Supplier;

/**
 * What the user sees while strategies run. The engine never draws: it hands over a snapshot supplier
 * when a strategy starts, and the display polls it on its own thread. Implementations are called from
 * one thread (the command's) and poll from their own.
 */
public interface Progress extends AutoCloseable {

    /** A strategy's run started: show it until {@link #finished}. */
    void started(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots);

    /** The strategy's run ended (its last figures stay on screen where the display keeps history). */
    void finished(String strategy);

    /** Stops polling and leaves the terminal as it was. */
    @Override void close();

    /** Shows nothing ({@code --quiet}). */
    static Progress none() {
        return new Progress() {
            @Override public void started(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots) {}

            @Override public void finished(String strategy) {}

            @Override public void close() {}
        };
    }
}
