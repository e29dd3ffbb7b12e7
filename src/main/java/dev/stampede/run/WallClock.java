package dev.stampede.run;

import java.time.Duration;
import java.time.Instant;

/**
 * The wall clock an aligned run waits on ({@code run --start-at}): injected so that tests wait for nothing.
 * Implementations are thread-safe.
 */
public interface WallClock {

    /** The current instant (shards on several machines compare these, so it is the system's UTC clock). */
    Instant now();

    /** Sleeps about {@code d} (&gt; 0) on the calling thread. */
    void sleep(Duration d) throws InterruptedException;

    /** The system clock and {@link Thread#sleep(Duration)}. */
    WallClock SYSTEM = new WallClock() {
        @Override public Instant now() { return Instant.now(); }

        @Override public void sleep(Duration d) throws InterruptedException { Thread.sleep(d); }
    };
}
