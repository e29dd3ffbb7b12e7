package dev.stampede.sim;

import dev.stampede.server.Verdict;

/**
 * What the simulator asks of a load-shedding server model, in virtual nanoseconds since the run started.
 * {@code server.OverloadModel} is the production implementation, shared with the live mock; tests may
 * substitute a small deterministic double.
 */
interface ServerModel {

    /** Decides what happens to a request arriving at {@code tNanos}. */
    Verdict arrive(long tNanos);

    /** An admitted request leaves service at {@code tNanos}. */
    void depart(long tNanos);
}
