package dev.stampede.metrics;

import dev.stampede.scenario.LoadSpec;
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
    /** Calm means an attempt failure fraction below this multiple of the baseline's. */
    public static final double RECOVERY_FACTOR = 2.0;
    /** The baseline failure fraction is at least this, so a perfectly clean baseline still has a usable limit. */
    public static final double BASELINE_FLOOR = 0.001;

    private Derived() {}

    /** A stretch of the run, {@code [startNanos, endNanos)}. */
    public record Window(long startNanos, long endNanos) {
        public boolean contains(long tNanos) { return tNanos >= startNanos && tNanos < endNanos; }
    }

    /** The phases in time order (the scenario loader already sorts them; this guards hand-built lists). */
    public static List<PhaseSpec> sorted(List<PhaseSpec> phases) {
        List<PhaseSpec> s = new ArrayList<>(phases);
        s.sort(Comparator.comparing(PhaseSpec::at));
        return s;
    }

    /**
     * What a scenario scripted against the run: the server's phases and the open model's rate stages (empty for
     * a closed model or a herd, and for a scenario without phases).
     *
     * @param phases the server's phases, in any order
     * @param stages the open model's stages in order, the last one holding until the run ends
     */
    public record Script(List<PhaseSpec> phases, List<LoadSpec.Stage> stages) {
        public Script {
            phases = phases == null ? List.of() : List.copyOf(phases);
            stages = stages == null ? List.of() : List.copyOf(stages);
        }

        /** Phases only (a closed model, a herd, or stages unknown). */
        public static Script phases(List<PhaseSpec> phases) { return new Script(phases, List.of()); }

        /** The stages of {@code load} when it is an open model, else none. */
        public static List<LoadSpec.Stage> stagesOf(LoadSpec load) {
            return load instanceof LoadSpec.Open open ? open.stages() : List.of();
        }
    }

    /**
     * Where phase {@code i} of {@code phases} (in time order) holds: from its {@code at} until the next phase's
     * {@code at}, the last until {@code endNanos}; empty ({@code start >= end}) when it starts at or after the end.
     */
    public static Window phaseSpan(List<PhaseSpec> phases, int i, long endNanos) {
        long to = i + 1 < phases.size() ? phases.get(i + 1).at().toNanos() : Long.MAX_VALUE;
        return new Window(phases.get(i).at().toNanos(), Math.min(to, endNanos));
    }

    /** Overload windows of the phases alone: {@link #overloadWindows(Script, long)} without load stages. */
    public static List<Window> overloadWindows(List<PhaseSpec> phases, long endNanos) {
        return overloadWindows(Script.phases(phases), endNanos);
    }

    /**
     * Where the run was pushed into overload within a run of {@code endNanos}: the overload phases
     * ({@link PhaseSpec#isOverload()}), each holding from its {@code at} until the next phase's {@code at} (the last
     * until the run ends), and the load stages whose rate is above the first stage's (a load spike), each for its
     * duration (the last until the run ends). Overlapping or adjacent stretches merge into one window; the windows
     * are in time order.
     */
    public static List<Window> overloadWindows(Script script, long endNanos) {
        List<Window> raw = new ArrayList<>();
        List<PhaseSpec> s = sorted(script.phases());
        for (int i = 0; i < s.size(); i++) if (s.get(i).isOverload()) raw.add(phaseSpan(s, i, endNanos));
        List<LoadSpec.Stage> stages = script.stages();
        long at = 0;
        for (int i = 0; i < stages.size(); i++) {
            long to = i + 1 < stages.size() ? saturatedAdd(at, stages.get(i).duration().toNanos()) : Long.MAX_VALUE;
            if (stages.get(i).rate().perSecond() > stages.getFirst().rate().perSecond()) {
                raw.add(new Window(at, Math.min(to, endNanos)));
            }
            at = to;
        }
        raw.sort(Comparator.comparingLong(Window::startNanos));
        List<Window> windows = new ArrayList<>();
        for (Window w : raw) {
            if (w.startNanos() >= w.endNanos()) continue;
            if (!windows.isEmpty() && windows.getLast().endNanos() >= w.startNanos()) {
                Window last = windows.getLast();
                windows.set(windows.size() - 1, new Window(last.startNanos(), Math.max(last.endNanos(), w.endNanos())));
            } else {
                windows.add(w);
            }
        }
        return windows;
    }

    /**
     * The recovery baseline: the stretch where the first phase and the first load stage overlap (without phases,
     * the first stage; without stages, the first phase; with neither, the whole run), cut at the run's end.
     */
    public static Window baselineWindow(Script script, long endNanos) {
        List<PhaseSpec> s = sorted(script.phases());
        long from = 0, to = endNanos;
        if (!s.isEmpty()) {
            from = s.getFirst().at().toNanos();
            if (s.size() > 1) to = Math.min(to, s.get(1).at().toNanos());
        }
        if (script.stages().size() > 1) to = Math.min(to, script.stages().getFirst().duration().toNanos());
        return new Window(from, Math.max(from, to));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
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
     * Max over 1 s buckets of attempts / arrivals. A second without arrivals (a herd's retry storms, retries after the
     * arrivals stopped) is measured against the mean offered rate instead: all arrivals over the whole seconds from
     * the first second with an arrival to the last one, inclusive. NaN when no second had an arrival.
     */
    public static double peakAmplification(long[] arrivalsPerSecond, long[] attemptsPerSecond) {
        int first = -1, last = -1;
        long arrivals = 0;
        for (int s = 0; s < arrivalsPerSecond.length; s++) {
            if (arrivalsPerSecond[s] == 0) continue;
            if (first < 0) first = s;
            last = s;
            arrivals += arrivalsPerSecond[s];
        }
        if (first < 0) return Double.NaN;
        double offeredPerSecond = (double) arrivals / (last - first + 1);
        double peak = Double.NaN;
        for (int s = 0; s < Math.max(arrivalsPerSecond.length, attemptsPerSecond.length); s++) {
            long in = at(arrivalsPerSecond, s);
            double a = at(attemptsPerSecond, s) / (in == 0 ? offeredPerSecond : in);
            if (Double.isNaN(peak) || a > peak) peak = a;
        }
        return peak;
    }

    /** Synchrony over the phases' overload windows alone ({@link #synchrony(long[], long, Script, long)}). */
    public static double synchrony(long[] attemptsPerBucket, long bucketNanos, List<PhaseSpec> phases, long endNanos) {
        return synchrony(attemptsPerBucket, bucketNanos, Script.phases(phases), endNanos);
    }

    /**
     * Peak-to-mean of attempts per bucket over the buckets that start inside an overload window
     * ({@link #overloadWindows(Script, long)}) and end within the run (1.0 = perfectly smooth). NaN when there is no
     * overload window, no whole bucket inside one, or no attempt in them.
     */
    public static double synchrony(long[] attemptsPerBucket, long bucketNanos, Script script, long endNanos) {
        List<Window> windows = overloadWindows(script, endNanos);
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
     * Seconds from the end of the last overload window ({@link #overloadWindows(Script, long)}) until the attempt
     * failure fraction stays below {@value #RECOVERY_FACTOR}× the baseline's for {@value #RECOVERY_WINDOW_SECONDS}
     * consecutive whole seconds, measured to the start of that window.
     *
     * <p>The failure fraction of a second is its failed attempts (529s, other error statuses, connection errors and
     * timeouts, as the client saw them) over its answered attempts (every attempt that ended: 2xx, failed), both
     * filed by the time the attempt ended. The baseline is the failure fraction over the whole seconds of
     * {@link #baselineWindow}, floored at {@value #BASELINE_FLOOR}; when that stretch lies in an overload window (the
     * run starts overloaded) the floor alone is the baseline. A second without answers counts as calm only when
     * nothing was waiting at its end ({@code waitingAtSecondEnd}: attempts in flight plus requests backing off), so
     * the silence between two synchronized retry waves is not mistaken for recovery.
     *
     * @param answeredPerSecond attempts that ended in each second
     * @param failedPerSecond   of them, those that did not succeed
     * @return NaN when there is no overload window, the last one lasts until the run ends, or fewer than
     *         {@value #RECOVERY_WINDOW_SECONDS} whole seconds of run follow it (nothing to observe);
     *         {@link Double#POSITIVE_INFINITY} when it never settled within the run (metastable)
     */
    public static double recoverySeconds(long[] answeredPerSecond, long[] failedPerSecond, long[] waitingAtSecondEnd,
                                         Script script, long endNanos) {
        List<Window> windows = overloadWindows(script, endNanos);
        if (windows.isEmpty()) return Double.NaN;
        long overloadEnd = windows.getLast().endNanos();
        if (overloadEnd >= endNanos) return Double.NaN;

        double baseline = 0;
        Window base = baselineWindow(script, endNanos);
        boolean overloadedBase = windows.stream().anyMatch(w -> w.startNanos() < base.endNanos() && base.startNanos() < w.endNanos());
        if (!overloadedBase) {
            long answered = 0, failed = 0;
            for (long sec = ceilDiv(base.startNanos(), SECOND_NANOS); sec < base.endNanos() / SECOND_NANOS; sec++) {
                answered += at(answeredPerSecond, sec);
                failed += at(failedPerSecond, sec);
            }
            baseline = answered == 0 ? 0 : (double) failed / answered;
        }
        double limit = RECOVERY_FACTOR * Math.max(baseline, BASELINE_FLOOR);

        long first = ceilDiv(overloadEnd, SECOND_NANOS), whole = endNanos / SECOND_NANOS;
        if (whole - first < RECOVERY_WINDOW_SECONDS) return Double.NaN;
        int streak = 0;
        for (long sec = first; sec < whole; sec++) {
            long answered = at(answeredPerSecond, sec);
            boolean calm = answered == 0
                    ? at(waitingAtSecondEnd, sec) == 0
                    : at(failedPerSecond, sec) < limit * answered;
            streak = calm ? streak + 1 : 0;
            if (streak == RECOVERY_WINDOW_SECONDS) {
                long windowStart = (sec - RECOVERY_WINDOW_SECONDS + 1) * SECOND_NANOS;
                return (windowStart - overloadEnd) / 1e9;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Goodput after the overload: requests that succeeded per second over the stretch from the end of the last overload
     * window ({@link #overloadWindows(Script, long)}) to the run's end. The stretch starts at the first interval that
     * starts at or after the window's end and ends with the last interval that starts before the run's end: requests
     * still in flight at the end (answered in the straggler interval) are left out, so that a steady service scores
     * its completion rate (about its arrival rate), not that plus everything in flight when the run stopped.
     *
     * @param succeededPerInterval requests that succeeded, filed by the interval they ended in
     * @param intervalNanos        the series' interval, &gt; 0
     * @return NaN when there is no overload window, the last one lasts until the run ends, or less than one whole
     *         interval of run follows it
     */
    public static double goodputAfterPerSecond(long[] succeededPerInterval, long intervalNanos, Script script, long endNanos) {
        List<Window> windows = overloadWindows(script, endNanos);
        if (windows.isEmpty()) return Double.NaN;
        long first = ceilDiv(windows.getLast().endNanos(), intervalNanos);
        long from = first * intervalNanos;
        if (endNanos - from < intervalNanos) return Double.NaN;
        long succeeded = 0;
        long last = Math.min(succeededPerInterval.length, ceilDiv(endNanos, intervalNanos));
        for (long i = first; i < last; i++) succeeded += succeededPerInterval[(int) i];
        return succeeded / ((endNanos - from) / 1e9);
    }

    /** {@link #goodputAfterPerSecond(long[], long, Script, long)} from a result's timeline. */
    public static double goodputAfterPerSecond(List<RunResult.Interval> timeline, Script script, double durationSeconds) {
        return goodputAfterPerSecond(column(timeline, RunResult.Interval::succeeded), intervalNanos(timeline, durationSeconds),
                script, Math.round(durationSeconds * 1e9));
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
     * {@link #synchrony(long[], long, Script, long)} from a series of attempts per 100 ms when one is given (a result
     * keeps it), else from a timeline whose interval divides 100 ms; NaN otherwise (a 1 s timeline cannot show 100 ms
     * waves).
     *
     * @param attemptsPer100ms attempts sent per 100 ms from the run's start, or {@code null}
     */
    public static double synchrony(List<RunResult.Interval> timeline, long[] attemptsPer100ms, Script script,
                                   double durationSeconds) {
        long end = Math.round(durationSeconds * 1e9);
        if (attemptsPer100ms != null) return synchrony(attemptsPer100ms, SYNCHRONY_BUCKET_NANOS, script, end);
        long iv = intervalNanos(timeline, durationSeconds);
        if (SYNCHRONY_BUCKET_NANOS % iv != 0) return Double.NaN;
        return synchrony(rebucket(column(timeline, RunResult.Interval::attempts), iv, SYNCHRONY_BUCKET_NANOS),
                SYNCHRONY_BUCKET_NANOS, script, end);
    }

    /** {@link #synchrony(List, long[], Script, double)} of the phases alone, from the timeline alone. */
    public static double synchrony(List<RunResult.Interval> timeline, List<PhaseSpec> phases, double durationSeconds) {
        return synchrony(timeline, null, Script.phases(phases), durationSeconds);
    }

    /** {@link #recoverySeconds(long[], long[], long[], Script, long)} from a timeline whose interval divides 1 s; NaN otherwise. */
    public static double recoverySeconds(List<RunResult.Interval> timeline, Script script, double durationSeconds) {
        long iv = intervalNanos(timeline, durationSeconds);
        if (SECOND_NANOS % iv != 0) return Double.NaN;
        long[] waiting = column(timeline, i -> i.inFlight() + i.backingOff());
        return recoverySeconds(
                rebucket(column(timeline, i -> i.ok() + i.overloaded() + i.errors()), iv, SECOND_NANOS),
                rebucket(column(timeline, i -> i.overloaded() + i.errors()), iv, SECOND_NANOS),
                waiting.length == 0 ? waiting : resampleGauge(waiting, iv, SECOND_NANOS),
                script, Math.round(durationSeconds * 1e9));
    }

    /** {@link #recoverySeconds(List, Script, double)} of the phases alone. */
    public static double recoverySeconds(List<RunResult.Interval> timeline, List<PhaseSpec> phases, double durationSeconds) {
        return recoverySeconds(timeline, Script.phases(phases), durationSeconds);
    }

    private static long at(long[] a, long i) { return i < a.length ? a[(int) i] : 0; }

    private static long ceilDiv(long a, long b) { return Math.ceilDiv(a, b); }
}
