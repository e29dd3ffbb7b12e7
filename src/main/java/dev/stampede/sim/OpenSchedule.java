package dev.stampede.sim;

import dev.stampede.scenario.LoadSpec;

import java.util.List;

/**
 * The open model's arrival times: evenly spaced at each stage's rate (as wrk2 and the live engine pace
 * them), the first at each stage's start, the last stage holding until the scenario's duration ends.
 * Times are computed from the stage start and the arrival's index within the stage, so rounding never
 * accumulates over millions of arrivals.
 */
final class OpenSchedule {

    private final List<LoadSpec.Stage> stages;
    private final long durationNanos;
    private int stage;
    private long stageStartNanos;
    private long indexInStage;

    OpenSchedule(LoadSpec.Open open, long durationNanos) {
        this.stages = open.stages();
        this.durationNanos = durationNanos;
    }

    /** The next arrival's time in nanoseconds since the start, or -1 when no arrival remains before the duration ends. */
    long next() {
        while (stage < stages.size() && stageStartNanos < durationNanos) {
            LoadSpec.Stage s = stages.get(stage);
            boolean last = stage == stages.size() - 1;
            long stageEnd = last ? durationNanos : Math.min(durationNanos, stageStartNanos + s.duration().toNanos());
            double perSecond = s.rate().perSecond();
            if (perSecond > 0) {
                long t = stageStartNanos + Math.round(indexInStage * 1e9 / perSecond);
                if (t < stageEnd) {
                    indexInStage++;
                    return t;
                }
            }
            stage++;
            stageStartNanos = stageEnd;
            indexInStage = 0;
        }
        return -1;
    }

    /** Mean offered rate over {@code [0, duration)}, in requests per second. */
    static double meanRatePerSecond(LoadSpec.Open open, long durationNanos) {
        if (durationNanos <= 0) return 0;
        double arrivals = 0;
        long start = 0;
        List<LoadSpec.Stage> stages = open.stages();
        for (int i = 0; i < stages.size() && start < durationNanos; i++) {
            LoadSpec.Stage s = stages.get(i);
            long end = i == stages.size() - 1 ? durationNanos : Math.min(durationNanos, start + s.duration().toNanos());
            arrivals += s.rate().perSecond() * (end - start) / 1e9;
            start = end;
        }
        return arrivals / (durationNanos / 1e9);
    }
}
