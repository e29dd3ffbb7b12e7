package dev.stampede.server;

/**
 * One record under optimistic concurrency control, as in the AWS Architecture Blog's "Exponential
 * Backoff And Jitter" experiment: a client reads the version, then writes conditionally on it; the write
 * succeeds (and moves the version on) only when nobody wrote in between, else it fails with
 * {@link #CONFLICT_STATUS} 409.
 *
 * <p>Pure and deterministic: no clock, no randomness, no I/O. Not thread-safe: the simulator drives it
 * from its single event loop (a live adapter must serialise calls itself).
 */
public final class OccRecord {

    /** The HTTP status a conflicting write answers with. */
    public static final int CONFLICT_STATUS = 409;

    private long version;
    private long reads;
    private long writes;
    private long conflicts;

    /** The current version, counting the read; starts at 0. */
    public long read() {
        reads++;
        return version;
    }

    /**
     * A conditional write.
     *
     * @param expectedVersion the version the writer read
     * @return true when the write succeeded (the version moves on by one); false on a conflict
     */
    public boolean write(long expectedVersion) {
        writes++;
        if (expectedVersion == version) {
            version++;
            return true;
        }
        conflicts++;
        return false;
    }

    /** Successful writes so far, which is also the current version. */
    public long version() { return version; }

    public long reads() { return reads; }

    /** Write calls so far, successful or not: the blog's measure of work. */
    public long writes() { return writes; }

    /** Writes that failed with 409. */
    public long conflicts() { return conflicts; }
}
