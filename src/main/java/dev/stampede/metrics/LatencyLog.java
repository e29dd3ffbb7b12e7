package dev.stampede.metrics;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.function.Function;

/**
 * One latency series of a run (microseconds, {@link RunRecorder#SIGNIFICANT_DIGITS} significant digits,
 * auto-resizing): the whole-run histogram and, optionally, one histogram per second of the run for .hlog files.
 * Two kinds: {@link IntervalRecorder} for many recording threads (the live engine, and a simulated run that a
 * progress display reads from another thread) and {@link PlainLatencyLog} for a run whose every call comes from
 * one thread (a simulated repeat or sweep point): the same figures without the concurrent machinery, which
 * dominated the cost of a short simulated run.
 */
sealed interface LatencyLog permits IntervalRecorder, PlainLatencyLog {

    /** A log for many threads, or for one when {@code singleThreaded}. */
    static LatencyLog create(boolean singleThreaded, boolean perSecond) {
        return singleThreaded ? new PlainLatencyLog(perSecond) : new IntervalRecorder(perSecond);
    }

    /** Records {@code micros} for an event at {@code tNanos} (nanoseconds since the run's start). */
    void record(long tNanos, long micros);

    /** p99 of everything recorded so far, in microseconds, or -1 when nothing was recorded (or a reader is busy). */
    long tryP99Micros();

    /** Applies {@code reader} to the whole-run histogram so far; {@code reader} must neither keep nor change it. */
    <T> T readTotal(Function<Histogram, T> reader);

    /** A frozen copy of everything so far: the whole-run histogram and at least {@code seconds} interval histograms. */
    Frozen freeze(long seconds);

    /** The whole-run histogram and the per-second ones (empty when not kept), each stamped with its second. */
    record Frozen(Histogram total, List<Histogram> intervals) {}
}
