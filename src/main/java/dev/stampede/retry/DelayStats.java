package dev.stampede.retry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The distribution of a backoff's delay before one retry, over many simulated requests; what
 * {@code stampede strategies} prints. Percentiles are exact (nearest rank over the sorted samples), not
 * HdrHistogram estimates.
 *
 * @param retry      retry number, from 0
 * @param minNanos   smallest delay drawn, nanoseconds
 * @param meanNanos  mean delay, nanoseconds
 * @param p50Nanos   median (nearest rank), nanoseconds
 * @param p99Nanos   99th percentile (nearest rank), nanoseconds
 * @param maxNanos   largest delay drawn, nanoseconds
 */
public record DelayStats(int retry, long minNanos, double meanNanos, long p50Nanos, long p99Nanos, long maxNanos) {

    /**
     * Simulates {@code requests} requests, each taking retries 0 to {@code retries − 1} in order, so the previous
     * delay chains within a request as it does in a run ({@code decorrelated}). Memory: two {@code long}s per
     * request, whatever {@code retries} is.
     *
     * @param retries  retries per request, {@code >= 1}
     * @param requests simulated requests, {@code >= 1}
     * @return one entry per retry number, in order
     */
    public static List<DelayStats> sample(Backoff backoff, int retries, int requests, RandomGenerator rng) {
        if (retries < 1) throw new IllegalArgumentException("retries must be >= 1, got " + retries);
        if (requests < 1) throw new IllegalArgumentException("requests must be >= 1, got " + requests);
        long[] previous = new long[requests];
        Arrays.fill(previous, backoff.initialPreviousNanos());
        long[] sorted = new long[requests];
        List<DelayStats> stats = new ArrayList<>(retries);
        for (int retry = 0; retry < retries; retry++) {
            double sum = 0;
            for (int r = 0; r < requests; r++) {
                long delay = backoff.delayNanos(retry, previous[r], rng);
                previous[r] = delay;
                sorted[r] = delay;
                sum += delay;
            }
            Arrays.sort(sorted);
            stats.add(new DelayStats(retry, sorted[0], sum / requests, nearestRank(sorted, 0.50), nearestRank(sorted, 0.99),
                    sorted[requests - 1]));
        }
        return List.copyOf(stats);
    }

    /** The smallest sample with at least {@code quantile} of all samples at or below it. */
    static long nearestRank(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
