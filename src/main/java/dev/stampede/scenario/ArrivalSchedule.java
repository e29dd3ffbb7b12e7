package dev.stampede.scenario;


import java.util.List;

/**
 * The open model's intended start times, evenly spaced within each rate stage (as wrk2 paces), in
 * nanoseconds since the run started. Pure and deterministic: the pacer sleeps until each time, and
 * latency is measured from it whether or not the pacer kept up. Not thread-safe (the pacer alone reads it).
 *
 * <p>Within a stage starting at {@code s} with rate {@code r}, arrival {@code k} is intended at
 * {@code s + round(k · 1e9 / r)}; the count restarts at each stage boundary, so rounding never drifts. A
 * zero-rate stage has no arrivals. The last stage holds until {@code durationNanos}.
 */
public final class ArrivalSchedule {

    private final List<LoadSpec.Stage> stages;
    private final long durationNanos;
    private int stage;
    private long stageStartNanos;
    private long k;

    /**
     * @param durationNanos arrivals are intended strictly before this time
     */
    public ArrivalSchedule(LoadSpec.Open load, long durationNanos) {
        this.stages = load.stages();
        this.durationNanos = durationNanos;
    }

    /** The next intended start, or {@code -1} when the schedule is over. */
    public long next() {
        while (stage < stages.size()) {
            LoadSpec.Stage s = stages.get(stage);
            boolean last = stage == stages.size() - 1;
            long stageEndNanos = last ? durationNanos : Math.min(durationNanos, stageStartNanos + s.duration().toNanos());
            double perSecond = s.rate().perSecond();
            if (perSecond > 0) {
                long t = stageStartNanos + Math.round(k * 1e9 / perSecond);
                if (t < stageEndNanos) {
                    k++;
                    return t;
                }
            }
            if (last || stageEndNanos >= durationNanos) break;
            stage++;
            stageStartNanos = stageEndNanos;
            k = 0;
        }
        stage = stages.size();
        return -1;
    }

    /** The mean offered rate over {@code durationNanos}, per second: what the report sets the achieved rate beside. */
    /**
     * Population {@code index} of {@code count} starts {@code index/count} of its first arrival gap late: evenly
     * paced populations would otherwise arrive at the very same instants, and whichever an engine serves first
     * would always take the server's last token (two halves of 200/s interleave as one 200/s stream). Both
     * engines shift a mixed run's open-model arrivals by it.
     */
    public static long interleaveOffsetNanos(LoadSpec.Open load, int index, int count) {
        double perSecond = load.stages().getFirst().rate().perSecond();
        return perSecond <= 0 || count <= 1 ? 0 : Math.round(index * 1e9 / (perSecond * count));
    }

    public static double meanRatePerSecond(LoadSpec.Open load, long durationNanos) {
        if (durationNanos <= 0) return 0;
        double arrivals = 0;
        long at = 0;
        for (int i = 0; i < load.stages().size() && at < durationNanos; i++) {
            LoadSpec.Stage s = load.stages().get(i);
            boolean last = i == load.stages().size() - 1;
            long end = last ? durationNanos : Math.min(durationNanos, at + s.duration().toNanos());
            arrivals += s.rate().perSecond() * (end - at) / 1e9;
            at = end;
        }
        return arrivals / (durationNanos / 1e9);
    }
}
