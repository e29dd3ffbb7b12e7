package dev.stampede.scenario;

import java.time.Duration;
import java.util.List;

/** How logical requests (user intents) arrive. One record per load model, as k6 has one executor per model. */
public sealed interface LoadSpec {

    /**
     * Open model: arrivals at a rate whatever the responses (wrk2-style); latency is measured from each
     * request's intended start. Arrivals that would exceed {@code maxInFlight} are counted as
     * {@code clientSaturated}, never delayed.
     *
     * @param stages   rate stages in order; the last one holds until the scenario's duration ends
     * @param arrivals   how arrivals are spaced within a stage: evenly, or as a Poisson process
     * @param shardIndex this load's place among {@code shardCount} shards, 0-based ({@link Scenario#shard} sets it;
     *                   0 of 1 otherwise). Evenly spaced arrivals of shard i come {@code i/shardCount} of a gap late in
     *                   every stage ({@link ArrivalSchedule}), so that the shards' streams interleave into one
     *                   process's stream instead of arriving {@code shardCount} at once; a mixed run's population
     *                   offsets are taken on the whole run's gaps ({@link ArrivalSchedule#startOffsetNanos}).
     */
    record Open(List<Stage> stages, int maxInFlight, Arrivals arrivals, int shardIndex, int shardCount) implements LoadSpec {
        public static final int DEFAULT_MAX_IN_FLIGHT = 5000;

        /** Evenly spaced arrivals. */
        public Open(List<Stage> stages, int maxInFlight) {
            this(stages, maxInFlight, Arrivals.UNIFORM);
        }

        /** Not a shard. */
        public Open(List<Stage> stages, int maxInFlight, Arrivals arrivals) {
            this(stages, maxInFlight, arrivals, 0, 1);
        }

        /** This load with other stages and limit, the same arrival process and shard. */
        public Open with(List<Stage> otherStages, int otherMaxInFlight) {
            return new Open(otherStages, otherMaxInFlight, arrivals, shardIndex, shardCount);
        }

        /** This load as shard {@code index} (0-based) of {@code count}. */
        public Open withShard(int index, int count) {
            return new Open(stages, maxInFlight, arrivals, index, count);
        }

        public Open {
            arrivals = arrivals == null ? Arrivals.UNIFORM : arrivals;
            stages = List.copyOf(stages);
            if (stages.isEmpty()) throw new IllegalArgumentException("open load needs a rate or stages");
            if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
            if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
                throw new IllegalArgumentException("shard must be 0 <= shardIndex < shardCount, got " + shardIndex + " of " + shardCount);
            }
        }

        /** The arrival rate at {@code t} since the start. */
        public Rate rateAt(Duration t) {
            long at = 0;
            for (Stage s : stages) {
                at += s.duration().toNanos();
                if (t.toNanos() < at) return s.rate();
            }
            return stages.getLast().rate();
        }
    }

    /**
     * The open model's arrival process: {@code UNIFORM} spaces arrivals evenly (as wrk2 paces), {@code POISSON} draws
     * exponential gaps (bursty, as real traffic is) from the run's seeded random source.
     */
    enum Arrivals { UNIFORM, POISSON }

    /** One step of an open-model rate profile: {@code rate} for {@code duration}. */
    record Stage(Duration duration, Rate rate) {}

    /** Closed model: {@code clients} loops of request, then {@code think}. Results are closed-loop and labelled so. */
    record Closed(int clients, Duration think) implements LoadSpec {
        public Closed {
            if (clients < 1) throw new IllegalArgumentException("clients must be >= 1, got " + clients);
            if (think == null) think = Duration.ZERO;
        }
    }

    /** Thundering herd: {@code clients} clients each make {@code requests} requests back to back, all starting at t=0. */
    record Herd(int clients, int requests) implements LoadSpec {
        public Herd {
            if (clients < 1) throw new IllegalArgumentException("clients must be >= 1, got " + clients);
            if (requests < 1) throw new IllegalArgumentException("requests must be >= 1, got " + requests);
        }
    }
}
