package dev.stampede.scenario;


import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The open model's intended start times, evenly spaced within each rate stage (as wrk2 paces) or, with
 * {@code load.arrivals: poisson}, a Poisson process of each stage's rate, in nanoseconds since the run started. Pure and deterministic: the pacer sleeps until each time, and
 * latency is measured from it whether or not the pacer kept up. Not thread-safe (the pacer alone reads it).
 *
 * <p>Within a stage starting at {@code s} with rate {@code r}, arrival {@code k} is intended at
 * {@code s + round(k · 1e9 / r)}; the count restarts at each stage boundary, so rounding never drifts. A
 * zero-rate stage has no arrivals. The last stage holds until {@code durationNanos}.
 *
 * <p>Poisson: gaps are exponential with mean {@code 1/r}, drawn from a {@link SplittableRandom} of the given seed
 * ({@link #seedFor}: the live engine and the simulator draw the same arrivals for a scenario's seed); at a stage
 * boundary the process restarts at the boundary (memoryless, so the count in each stage stays Poisson).
 *
 * <p>A shard ({@link LoadSpec.Open#shardIndex} {@code i} of {@code n}) of evenly spaced arrivals is a phase late in
 * every stage: arrival {@code k} at {@code s + round((k + i/n) · 1e9 / r)}, so that the {@code n} shards of a load
 * (each at {@code r = R/n}) together arrive as one process at {@code R} does, stage boundaries included. Poisson
 * shards are independent processes already and are not shifted.
 */
public final class ArrivalSchedule {

    private final List<LoadSpec.Stage> stages;
    private final long durationNanos;
    private int stage;
    private long stageStartNanos;
    private long k;
    /** Poisson: the random source, and the last arrival's exact time within the stage (ns since its start). */
    private final RandomGenerator rng;
    private double poissonAtNanos;
    /** A shard's place within each gap (uniform arrivals): 0 for a run that is not sharded. */
    private final double phase;

    /**
     * @param durationNanos arrivals are intended strictly before this time
     */
    public ArrivalSchedule(LoadSpec.Open load, long durationNanos) {
        this(load, durationNanos, 0);
    }

    /** @param seed seed of Poisson arrivals (unused for uniform ones) */
    public ArrivalSchedule(LoadSpec.Open load, long durationNanos, long seed) {
        this.stages = load.stages();
        this.durationNanos = durationNanos;
        this.rng = load.arrivals() == LoadSpec.Arrivals.POISSON ? new SplittableRandom(seed) : null;
        this.phase = (double) load.shardIndex() / load.shardCount();
    }

    /** The seed of population {@code population}'s Poisson arrivals in a run of {@code scenarioSeed}. */
    public static long seedFor(long scenarioSeed, int population) {
        long z = scenarioSeed + (population + 0x5EED_A11L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next intended start, or {@code -1} when the schedule is over. */
    public long next() {
        while (stage < stages.size()) {
            LoadSpec.Stage s = stages.get(stage);
            boolean last = stage == stages.size() - 1;
            long stageEndNanos = last ? durationNanos : Math.min(durationNanos, stageStartNanos + s.duration().toNanos());
            double perSecond = s.rate().perSecond();
            if (perSecond > 0 && rng != null) {
                poissonAtNanos += -Math.log(1 - rng.nextDouble()) * 1e9 / perSecond;
                long t = stageStartNanos + Math.round(poissonAtNanos);
                if (t < stageEndNanos) {
                    k++;
                    return t;
                }
            } else if (perSecond > 0) {
                long t = stageStartNanos + Math.round((k + phase) * 1e9 / perSecond);
                if (t < stageEndNanos) {
                    k++;
                    return t;
                }
            }
            if (last || stageEndNanos >= durationNanos) break;
            stage++;
            stageStartNanos = stageEndNanos;
            k = 0;
            poissonAtNanos = 0;
        }
        stage = stages.size();
        return -1;
    }

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

    /**
     * How much later than its schedule population {@code index} of {@code count} sends every arrival: its
     * {@link #interleaveOffsetNanos}, taken on the whole run's gap when the load is a shard (a shard's population
     * gap is {@code shardCount} times the run's, and the shard's own place is a phase within each stage, see the
     * class comment), so that shards of a mixed run interleave as one process's populations do. What both engines
     * shift arrivals by; 0 for a run of one population.
     */
    public static long startOffsetNanos(LoadSpec.Open load, int index, int count) {
        return interleaveOffsetNanos(load, index, count * load.shardCount());
    }

    /** The mean offered rate over {@code durationNanos}, per second: what the report sets the achieved rate beside. */
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
