package dev.stampede.metrics;

import dev.stampede.scenario.PhaseSpec;
import org.HdrHistogram.AbstractHistogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The figures of docs/metrics.md derived from already aggregated data (per-interval counts, histograms).
 * Pure functions: the recorder uses them in {@link RunRecorder#finish}, and reports use them to
 * recompute a merged run's figures exactly from its summed timeline and added histograms.
 *
 * <p>Time series are arrays of counts per bucket, bucket {@code i} covering
 * {@code [i·bucketNanos, (i+1)·bucketNanos)} from the run's start; an array shorter than the run
 * reads as zeros beyond its end.
 */
public final class Derived {

    public static final long SECOND_NANOS = 1_000_000_000L;
    /** Bucket of the synchrony series. */
    public static final long SYNCHRONY_BUCKET_NANOS = 100_000_000L;
    /** Consecutive calm seconds that end an overload's aftermath. */
    public static final int RECOVERY_WINDOW_SECONDS = 5;
    /** Calm means a 529 fraction below this multiple of the baseline's. */
    public static final double RECOVERY_FACTOR = 2.0;
    /** The baseline 529 fraction is at least this, so a perfectly clean baseline still has a usable limit. */
    public static final double BASELINE_FLOOR = 0.001;

    private Derived() {}

    /** A stretch of the run, {@code [startNanos, endNanos)}. */
    public record Window(long startNanos, long endNanos) {
        public boolean contains(long tNanos) { return tNanos >= startNanos && tNanos < endNanos; }
    }

    /** The phases in time order (the scenario loader already sorts them; this guards hand-built lists). */
    static List<PhaseSpec> sorted(List<PhaseSpec> phases) {
        List<PhaseSpec> s = new ArrayList<>(phases);
        s.sort(Comparator.comparing(PhaseSpec::at));
        return s;
    }

    /**
     * Where overload phases ({@link PhaseSpec#isOverload()}) hold within a run of {@code endNanos}:
     * each phase holds from its {@code at} until the next phase's {@code at}, the last until the run ends.
     * Adjacent overload phases merge into one window.
     */
    public static List<Window> overloadWindows(List<PhaseSpec> phases, long endNanos) {
        List<PhaseSpec> s = sorted(phases);
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (!s.get(i).isOverload()) continue;
            long from = s.get(i).at().toNanos();
            long to = i + 1 < s.size() ? s.get(i + 1).at().toNanos() : Long.MAX_VALUE;
            to = Math.min(to, endNanos);
            if (from >= to) continue;
            if (!windows.isEmpty() && windows.getLast().endNanos() == from) {
                windows.set(windows.size() - 1, new Window(windows.getLast().startNanos(), to));
            } else {
                windows.add(new Window(from, to));
            }
        }
        return windows;
    }

    /**
     * Sums a fine series into coarser buckets.
     *
     * @throws IllegalArgumentException unless {@code toNanos} is a whole multiple of {@code fromNanos}
     */
    public static long[] rebucket(long[] counts, long fromNanos, long toNanos) {
        if (toNanos % fromNanos != 0) {
            throw new IllegalArgumentException(toNanos + " ns buckets are not a multiple of " + fromNanos + " ns");
        }
        int k = (int) (toNanos / fromNanos);
        long[] out = new long[(counts.length + k - 1) / k];
        for (int i = 0; i < counts.length; i++) out[i / k] += counts[i];
        return out;
    }

    /**
     * A gauge sampled at the end of each fine bucket, resampled at the end of each coarse bucket
     * (the last fine sample inside it).
     */
    public static long[] resampleGauge(long[] samples, long fromNanos, long toNanos) {
        if (toNanos % fromNanos != 0) {
            throw new IllegalArgumentException(toNanos + " ns buckets are not a multiple of " + fromNanos + " ns");
        }
        int k = (int) (toNanos / fromNanos);
        long[] out = new long[(samples.length + k - 1) / k];
        for (int i = 0; i < out.length; i++) out[i] = samples[Math.min(samples.length - 1, i * k + k - 1)];
        return out;
    }

    /**
     * Max over 1 s buckets of attempts / arrivals, skipping seconds without arrivals; NaN when no second
     * had an arrival.
     */
    public static double peakAmplification(long[] arrivalsPerSecond, long[] attemptsPerSecond) {
        double peak = Double.NaN;
        for (int s = 0; s < arrivalsPerSecond.length; s++) {
            if (arrivalsPerSecond[s] == 0) continue;
            double a = (double) at(attemptsPerSecond, s) / arrivalsPerSecond[s];
            if (Double.isNaN(peak) || a > peak) peak = a;
        }
        return peak;
    }

    /**
     * Peak-to-mean of attempts per bucket over the buckets that start inside an overload window and end
     * within the run (1.0 = perfectly smooth). NaN when there is no overload window, no whole bucket
     * inside one, or no attempt in them.
     */
    public static double synchrony(long[] attemptsPerBucket, long bucketNanos, List<PhaseSpec> phases, long endNanos) {
        List<Window> windows = overloadWindows(phases, endNanos);
        long sum = 0, max = 0, n = 0;
        for (long b = 0; (b + 1) * bucketNanos <= endNanos; b++) {
            long start = b * bucketNanos;
            boolean inside = false;
            for (Window w : windows) if (w.contains(start)) { inside = true; break; }
            if (!inside) continue;
            long v = at(attemptsPerBucket, b);
            sum += v;
            max = Math.max(max, v);
            n++;
        }
        if (n == 0 || sum == 0) return Double.NaN;
        return max / ((double) sum / n);
    }

    /**
     * Seconds from the end of the last overload phase until the 529 fraction of attempts stays below
     * {@value #RECOVERY_FACTOR}× the baseline's for {@value #RECOVERY_WINDOW_SECONDS} consecutive whole seconds,
     * measured to the start of that window.
     *
     * <p>The baseline is the first phase's measured 529 fraction (over its whole seconds), floored at
     * {@value #BASELINE_FLOOR}; when the first phase is itself an overload phase the floor alone is the
     * baseline. A second without attempts counts as calm only when nothing was waiting at its end
     * ({@code waitingAtSecondEnd}: attempts in flight plus requests backing off), so the silence between
     * two synchronized retry waves is not mistaken for recovery.
     *
     * @return NaN when there is no overload phase, the last one lasts until the run ends, or fewer than
     *         {@value #RECOVERY_WINDOW_SECONDS} whole seconds of run follow it (nothing to observe);
     *         {@link Double#POSITIVE_INFINITY} when it never settled within the run (metastable)
     */
    public static double recoverySeconds(long[] attemptsPerSecond, long[] overloadedPerSecond, long[] waitingAtSecondEnd,
                                         List<PhaseSpec> phases, long endNanos) {
        List<PhaseSpec> s = sorted(phases);
        int last = -1;
        for (int i = 0; i < s.size(); i++) if (s.get(i).isOverload()) last = i;
        if (last < 0 || last == s.size() - 1) return Double.NaN;
        long overloadEnd = s.get(last + 1).at().toNanos();
        if (overloadEnd >= endNanos) return Double.NaN;

        double baseline = 0;
        if (!s.getFirst().isOverload()) {
            long baseEnd = s.size() > 1 ? s.get(1).at().toNanos() : endNanos;
            long from = ceilDiv(s.getFirst().at().toNanos(), SECOND_NANOS), to = Math.min(baseEnd, endNanos) / SECOND_NANOS;
            long attempts = 0, overloaded = 0;
            for (long sec = from; sec < to; sec++) {
                attempts += at(attemptsPerSecond, sec);
                overloaded += at(overloadedPerSecond, sec);
            }
            baseline = attempts == 0 ? 0 : (double) overloaded / attempts;
        }
        double limit = RECOVERY_FACTOR * Math.max(baseline, BASELINE_FLOOR);

        long first = ceilDiv(overloadEnd, SECOND_NANOS), whole = endNanos / SECOND_NANOS;
        if (whole - first < RECOVERY_WINDOW_SECONDS) return Double.NaN;
        int streak = 0;
        for (long sec = first; sec < whole; sec++) {
            long attempts = at(attemptsPerSecond, sec);
            boolean calm = attempts == 0
                    ? at(waitingAtSecondEnd, sec) == 0
                    : at(overloadedPerSecond, sec) < limit * attempts;
            streak = calm ? streak + 1 : 0;
            if (streak == RECOVERY_WINDOW_SECONDS) {
                long windowStart = (sec - RECOVERY_WINDOW_SECONDS + 1) * SECOND_NANOS;
                return (windowStart - overloadEnd) / 1e9;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Summary in milliseconds of a histogram of microseconds; every figure NaN (count 0) when it is empty. */
    public static RunResult.Latency latency(AbstractHistogram micros) {
        if (micros.getTotalCount() == 0) {
            return new RunResult.Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        return new RunResult.Latency(
                micros.getValueAtPercentile(50) / 1e3,
                micros.getValueAtPercentile(90) / 1e3,
                micros.getValueAtPercentile(99) / 1e3,
                micros.getValueAtPercentile(99.9) / 1e3,
                micros.getMaxValue() / 1e3,
                micros.getMean() / 1e3,
                micros.getTotalCount());
    }

    // ---- the same figures from a RunResult's timeline (e.g. after merging shards) ----

    /** One field of a timeline as an array. */
    public static long[] column(List<RunResult.Interval> timeline, ToLongFunction<RunResult.Interval> field) {
        long[] out = new long[timeline.size()];
        for (int i = 0; i < out.length; i++) out[i] = field.applyAsLong(timeline.get(i));
        return out;
    }

    /** A timeline's interval, in nanoseconds, from its first two starts (one interval: the whole run). */
    public static long intervalNanos(List<RunResult.Interval> timeline, double durationSeconds) {
        if (timeline.size() >= 2) return Math.round((timeline.get(1).startSeconds() - timeline.get(0).startSeconds()) * 1e9);
        return Math.max(1, Math.round(durationSeconds * 1e9));
    }

    /** {@link #peakAmplification(long[], long[])} from a timeline whose interval divides 1 s; NaN otherwise. */
    public static double peakAmplification(List<RunResult.Interval> timeline, double durationSeconds) {
        long iv = intervalNanos(timeline, durationSeconds);
        if (SECOND_NANOS % iv != 0) return Double.NaN;
        return peakAmplification(
                rebucket(column(timeline, RunResult.Interval::arrivals), iv, SECOND_NANOS),
                rebucket(column(timeline, RunResult.Interval::attempts), iv, SECOND_NANOS));
    }

    /**
     * {@link #synchrony(long[], long, List, long)} from a timeline whose interval divides 100 ms; NaN
     * otherwise (a 1 s live timeline cannot show 100 ms waves).
     */
    public static double synchrony(List<RunResult.Interval> timeline, List<PhaseSpec> phases, double durationSeconds) {
        long iv = intervalNanos(timeline, durationSeconds);
        if (SYNCHRONY_BUCKET_NANOS % iv != 0) return Double.NaN;
        return synchrony(rebucket(column(timeline, RunResult.Interval::attempts), iv, SYNCHRONY_BUCKET_NANOS),
                SYNCHRONY_BUCKET_NANOS, phases, Math.round(durationSeconds * 1e9));
    }

    /** {@link #recoverySeconds(long[], long[], long[], List, long)} from a timeline whose interval divides 1 s; NaN otherwise. */
    public static double recoverySeconds(List<RunResult.Interval> timeline, List<PhaseSpec> phases, double durationSeconds) {
        long iv = intervalNanos(timeline, durationSeconds);
        if (SECOND_NANOS % iv != 0) return Double.NaN;
        long[] waiting = column(timeline, i -> i.inFlight() + i.backingOff());
        return recoverySeconds(
                rebucket(column(timeline, RunResult.Interval::attempts), iv, SECOND_NANOS),
                rebucket(column(timeline, RunResult.Interval::overloaded), iv, SECOND_NANOS),
                waiting.length == 0 ? waiting : resampleGauge(waiting, iv, SECOND_NANOS),
                phases, Math.round(durationSeconds * 1e9));
    }

    private static long at(long[] a, long i) { return i < a.length ? a[(int) i] : 0; }

    private static long ceilDiv(long a, long b) { return Math.ceilDiv(a, b); }
}
