package dev.stampede.load;

import java.util.ArrayList;
import java.util.List;

/** An engine clock whose waits return at once, moving time to their deadline; it remembers every wait. Single-threaded tests only. */
final class VirtualClock implements EngineClock {

    private long nowNanos = 1_000_000_000L;  // any origin: the engine only uses differences
    final List<Long> waitedUntil = new ArrayList<>();

    @Override public long nanoTime() { return nowNanos; }

    @Override public boolean awaitUntil(long deadlineNanos, StopSignal stop) {
        if (stop.stopped()) return false;
        waitedUntil.add(deadlineNanos);
        nowNanos = Math.max(nowNanos, deadlineNanos);
        return true;
    }
}
