package dev.stampede.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A latency histogram of the whole run plus one per second of it (for .hlog interval logs), recorded
 * through one HdrHistogram {@link Recorder}: values in microseconds, 3 significant digits, auto-resizing.
 *
 * <p>Recording is wait-free ({@code Recorder.recordValue}: a few atomic adds) except for the first event
 * of a new second, which closes the previous second with {@code getIntervalHistogram}. A platform thread (the
 * simulator's) closes it itself — if it can take the readers' lock at once; otherwise another thread is already
 * closing it and the event is simply recorded. A virtual thread (a live client) never does: it hands the close to
 * {@link IntervalRoller}'s platform thread and goes on, because {@code getIntervalHistogram} is {@code synchronized}
 * and waits for the writers (a pinned carrier on JDK 21). So recording threads never wait for each other.
 *
 * <p>Why close seconds at the first event past the boundary rather than keep one concurrent histogram per
 * second: it costs nothing per event beyond the {@code Recorder} (per-second concurrent histograms cost a
 * second set of atomic adds on every event, which the simulator's tens of millions of events feel), and the
 * simulator's virtual clock has no timer that could close them. In the simulator, events come in time
 * order, so every value lands in its own second exactly. Live, an event that races the close (recorded after a
 * second's end but before the roller closed it, typically microseconds) is filed in the second before, and one
 * that arrives late in the next; the whole-run histogram is exact either way.
 */
final class IntervalRecorder implements LatencyLog {

    private final Recorder recorder = new Recorder(RunRecorder.SIGNIFICANT_DIGITS);
    private final boolean perSecond;
    private volatile long nextBoundaryNanos;
    // virtual threads' requests to the roller: the latest second asked for, and whether a request is queued
    private final java.util.concurrent.atomic.AtomicLong requestedSecond = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean rollQueued = new java.util.concurrent.atomic.AtomicBoolean();

    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private long currentSecond;
    private final Histogram current = new Histogram(RunRecorder.SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(RunRecorder.SIGNIFICANT_DIGITS);
    private final List<Histogram> closed = new ArrayList<>();
    private Histogram recycle;

    private final java.util.function.Consumer<IntervalRecorder> roller;

    /** @param perSecond keep one histogram per second; without, {@link Frozen#intervals()} is empty */
    IntervalRecorder(boolean perSecond) {
        this(perSecond, IntervalRoller::request);
    }

    /** @param roller where a virtual thread hands the close of a second (tests pass their own) */
    IntervalRecorder(boolean perSecond, java.util.function.Consumer<IntervalRecorder> roller) {
        this.roller = roller;
        this.perSecond = perSecond;
        this.nextBoundaryNanos = perSecond ? Derived.SECOND_NANOS : Long.MAX_VALUE;
    }

    /** Records {@code micros} for an event at {@code tNanos}. Thread-safe, never blocks. */
    @Override
    public void record(long tNanos, long micros) {
        if (tNanos >= nextBoundaryNanos) {
            if (Thread.currentThread().isVirtual()) {
                requestedSecond.accumulateAndGet(tNanos / Derived.SECOND_NANOS, Math::max);
                if (rollQueued.compareAndSet(false, true)) roller.accept(this);
            } else if (lock.tryLock()) {
                try {
                    rollTo(tNanos / Derived.SECOND_NANOS);
                } finally {
                    lock.unlock();
                }
            }
        }
        recorder.recordValue(micros);
    }

    /** On {@link IntervalRoller}'s thread: closes the seconds up to the latest one a virtual thread asked for. */
    void rollRequested() {
        rollQueued.set(false);
        lock.lock();
        try {
            rollTo(requestedSecond.get());
        } finally {
            lock.unlock();
        }
    }

    /** Seconds closed so far (for tests). */
    int closedSeconds() {
        lock.lock();
        try {
            return closed.size();
        } finally {
            lock.unlock();
        }
    }

    /** Must hold lock. */
    private void rollTo(long second) {
        if (second <= currentSecond) return;
        drain();
        closed.add(packed(current, currentSecond));
        current.reset();
        for (long s = currentSecond + 1; s < second; s++) closed.add(packed(null, s));
        currentSecond = second;
        nextBoundaryNanos = (second + 1) * Derived.SECOND_NANOS;
    }

    /** Must hold lock. */
    private void drain() {
        recycle = recorder.getIntervalHistogram(recycle);
        current.add(recycle);
        total.add(recycle);
    }

    /** p99 of everything recorded so far, in microseconds, or -1 when another reader holds the lock or nothing was recorded. */
    @Override
    public long tryP99Micros() {
        if (!lock.tryLock()) return -1;
        try {
            drain();
            return total.getTotalCount() == 0 ? -1 : total.getValueAtPercentile(99);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies {@code reader} to the whole-run histogram so far, without copying it (a copy costs about a millisecond
     * per scrape); {@code reader} must not keep or change it. Recording threads never wait for this: they only try the
     * lock at a second's boundary and record anyway when a reader holds it.
     */
    @Override
    public <T> T readTotal(Function<Histogram, T> reader) {
        lock.lock();
        try {
            drain();
            return reader.apply(total);
        } finally {
            lock.unlock();
        }
    }

    /** A frozen copy of everything so far: the whole-run histogram and at least {@code seconds} interval histograms. */
    @Override
    public Frozen freeze(long seconds) {
        lock.lock();
        try {
            drain();
            if (!perSecond) return new Frozen(total.copy(), List.of());
            List<Histogram> intervals = new ArrayList<>(closed);
            intervals.add(packed(current, currentSecond));
            for (long s = currentSecond + 1; s < seconds; s++) intervals.add(packed(null, s));
            return new Frozen(total.copy(), List.copyOf(intervals));
        } finally {
            lock.unlock();
        }
    }

    /** A compact copy of {@code h} (or an empty histogram) stamped with its second, in ms since the run's start. */
    static Histogram packed(Histogram h, long second) {
        Histogram p = new PackedHistogram(RunRecorder.SIGNIFICANT_DIGITS);
        if (h != null) p.add(h);
        p.setStartTimeStamp(second * 1000L);
        p.setEndTimeStamp((second + 1) * 1000L);
        return p;
    }
}
