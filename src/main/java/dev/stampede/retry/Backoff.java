package dev.stampede.retry;

import java.util.random.RandomGenerator;

/**
 * A backoff strategy: the delay before a retry, as a pure function of the retry number, the previous
 * delay and a random source. Implementations hold only configuration, so one instance serves every
 * client thread; per-request state ({@code previousNanos}) lives with the request.
 */
public interface Backoff {

    /** Short name used on the command line and in reports ({@code full}, {@code none}, …). */
    String name();

    /** The formula, for {@code stampede strategies}. */
    String formula();

    /**
     * @param retry         retries already taken before this one, from 0 (the formulas of docs/strategies.md)
     * @param previousNanos the previous delay of this request, or the first step ({@code base}) before the first retry
     * @param rng           random source of the calling client
     * @return delay in nanoseconds, {@code >= 0}
     */
    long delayNanos(int retry, long previousNanos, RandomGenerator rng);

    /** The value {@code previousNanos} takes before a request's first retry. */
    long initialPreviousNanos();
}
