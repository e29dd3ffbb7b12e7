package dev.stampede.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedConcurrentHistogram;
import org.HdrHistogram.PackedHistogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One latency histogram per second of the run (for .hlog interval logs), each value filed under the
 * second its event happened in. Thread-safe and lock-free: a histogram is created on first use by
 * compare-and-set, and recording is {@link PackedConcurrentHistogram#recordValue}.
 *
 * <p>Why per-interval histograms rather than {@code Recorder.getIntervalHistogram} at each boundary:
 * the boundary is a point of the engine's clock, which in the simulator is virtual and has no timer
 * to flip on; and flipping from the hot path would file an event that races the flip in the wrong
 * second. Filing by the event's own time is exact on both clocks. Packed histograms keep the memory
 * of a mostly empty second small (hours of run at 1 s would not fit as dense histograms).
 */
final class IntervalHistograms {

    private final long highestMicros;
    private final GrowingArray<AtomicReferenceArray<Histogram>> seconds;

    IntervalHistograms(long highestMicros) {
        this.highestMicros = highestMicros;
        this.seconds = new GrowingArray<>(CounterSeries.HORIZON_NANOS / Derived.SECOND_NANOS + 1,
                c -> new AtomicReferenceArray<>(GrowingArray.CHUNK_SIZE));
    }

    void record(long tNanos, long micros) {
        long s = tNanos <= 0 ? 0 : tNanos / Derived.SECOND_NANOS;
        AtomicReferenceArray<Histogram> chunk = seconds.chunk(s);
        int o = GrowingArray.offset(s);
        Histogram h = chunk.get(o);
        if (h == null) {
            Histogram fresh = new PackedConcurrentHistogram(1, highestMicros, RunRecorder.SIGNIFICANT_DIGITS);
            Histogram raced = chunk.compareAndExchange(o, null, fresh);
            h = raced == null ? fresh : raced;
        }
        h.recordValue(micros);
    }

    /**
     * Immutable-by-convention copies for {@code count} seconds (at least every second recorded), empty
     * seconds as empty histograms; time stamps are milliseconds since the run's start.
     */
    List<Histogram> copies(int count) {
        int n = (int) Math.max(count, seconds.length());
        List<Histogram> out = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            AtomicReferenceArray<Histogram> chunk = seconds.existing(s);
            Histogram live = chunk == null ? null : chunk.get(GrowingArray.offset(s));
            Histogram copy = new PackedHistogram(1, highestMicros, RunRecorder.SIGNIFICANT_DIGITS);
            if (live != null) copy.add(live);
            copy.setStartTimeStamp(s * 1000L);
            copy.setEndTimeStamp((s + 1) * 1000L);
            out.add(copy);
        }
        return out;
    }
}
