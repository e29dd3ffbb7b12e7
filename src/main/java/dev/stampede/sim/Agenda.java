package dev.stampede.sim;

/** Where a part of a simulated run puts its events: at a virtual time, a kind of {@link SimRun} and a value. */
@FunctionalInterface
interface Agenda {
    void schedule(long atNanos, int kind, int value);
}
