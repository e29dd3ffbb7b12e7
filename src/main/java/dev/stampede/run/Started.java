package dev.stampede.run;

import dev.stampede.metrics.RunRecorder;

import java.util.function.Supplier;

/** Told when a strategy's run starts, with a supplier of its live figures (cheap; safe from any thread). */
@FunctionalInterface
public interface Started {
    void started(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots);
}
