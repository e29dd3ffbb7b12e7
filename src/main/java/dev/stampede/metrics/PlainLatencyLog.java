package dev.stampede.metrics;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link LatencyLog} for one thread: plain HdrHistogram {@link Histogram}s, no {@code Recorder}, no phaser, no
 * copies between an active and an inactive histogram. Not thread-safe: every call, readers included, must come from
 * the thread that records (or be ordered after its last record by a happens-before edge, such as a task's end).
 *
 * <p>The histograms start sized for {@link #PRESIZED_HIGHEST_MICROS} and grow past it as usual. Why: an HdrHistogram that
 * starts at its smallest size grows by catching an {@code IndexOutOfBoundsException} and copying its counts, a dozen
 * times on its way to seconds; over the thousands of short runs of a sweep, those exceptions and copies were more than
 * half of all CPU samples. A pre-sized histogram costs about 140 KB of zeroed memory instead.
 *
 * <p>Events must come in time order (as the simulator's do): an event of a second before the current one is filed
 * in the current second, exactly as the concurrent log files a late event.
 */
final class PlainLatencyLog implements LatencyLog {

    /** The latency the histograms cover without growing: one minute, in microseconds. */
    static final long PRESIZED_HIGHEST_MICROS = 60_000_000L;

    private final Histogram total = presized();
    private final Histogram current;          // null without per-second histograms
    private final List<Histogram> closed = new ArrayList<>();
    private long currentSecond;
    private long nextBoundaryNanos;

    PlainLatencyLog(boolean perSecond) {
        this.current = perSecond ? presized() : null;
        this.nextBoundaryNanos = perSecond ? Derived.SECOND_NANOS : Long.MAX_VALUE;
    }

    private static Histogram presized() {
        Histogram h = new Histogram(1, PRESIZED_HIGHEST_MICROS, RunRecorder.SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    @Override
    public void record(long tNanos, long micros) {
        if (tNanos >= nextBoundaryNanos) rollTo(tNanos / Derived.SECOND_NANOS);
        total.recordValue(micros);
        if (current != null) current.recordValue(micros);
    }

    private void rollTo(long second) {
        closed.add(IntervalRecorder.packed(current, currentSecond));
        current.reset();
        for (long s = currentSecond + 1; s < second; s++) closed.add(IntervalRecorder.packed(null, s));
        currentSecond = second;
        nextBoundaryNanos = (second + 1) * Derived.SECOND_NANOS;
    }

    @Override
    public long tryP99Micros() {
        return total.getTotalCount() == 0 ? -1 : total.getValueAtPercentile(99);
    }

    @Override
    public <T> T readTotal(Function<Histogram, T> reader) {
        return reader.apply(total);
    }

    @Override
    public Frozen freeze(long seconds) {
        if (current == null) return new Frozen(total.copy(), List.of());
        List<Histogram> intervals = new ArrayList<>(closed);
        intervals.add(IntervalRecorder.packed(current, currentSecond));
        for (long s = currentSecond + 1; s < seconds; s++) intervals.add(IntervalRecorder.packed(null, s));
        return new Frozen(total.copy(), List.copyOf(intervals));
    }
}
