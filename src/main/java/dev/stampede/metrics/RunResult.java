package dev.stampede.metrics;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * One strategy's measured run: immutable, the only thing renderers read (with {@link Comparison}).
 * Latencies are in microseconds inside the histograms and milliseconds in summaries.
 *
 * @param closedLoop        results of a closed model: latency is closed-loop (labelled in reports)
 * @param partial           the run was interrupted; figures cover what was measured
 * @param durationSeconds   how long the run lasted
 * @param requests          logical request counts
 * @param attempts          HTTP attempts sent
 * @param amplification     attempts / requests started
 * @param peakAmplification max over 1 s intervals of attempts / arrivals in that interval
 * @param synchrony         peak-to-mean of attempts per 100 ms during overload phases (1.0 = smooth); NaN without overload phases
 * @param statuses          attempt counts by status code or error kind key, sorted
 * @param recoverySeconds   time from the end of the last overload phase until the 529 rate settled; NaN when not
 *                          applicable; {@link Double#POSITIVE_INFINITY} when it never recovered (metastable)
 * @param completionSeconds when the last request of a finite workload finished; NaN otherwise
 * @param server            the mock's view, or {@code null} for a URL target
 */
public record RunResult(
        String strategy,
        boolean closedLoop,
        boolean partial,
        double durationSeconds,
        Requests requests,
        long attempts,
        double amplification,
        double peakAmplification,
        double synchrony,
        Map<String, Long> statuses,
        Latency request,
        Latency requestUncorrected,
        Latency attempt,
        double recoverySeconds,
        double completionSeconds,
        List<Interval> timeline,
        ServerView server,
        Histograms histograms) {

    /**
     * @param failures by reason key ({@code exhausted}, {@code nonRetryable}, …)
     * @param targetRate offered arrival rate of the scenario (open model), 0 otherwise
     * @param achievedRate started / duration
     */
    public record Requests(long started, long succeeded, long failed, Map<String, Long> failures,
                           double targetRate, double achievedRate) {
        public double successRate() { return started == 0 ? Double.NaN : (double) succeeded / started; }
    }

    /** Percentiles in milliseconds. */
    public record Latency(double p50, double p90, double p99, double p999, double max, double mean, long count) {}

    /**
     * One timeline interval.
     *
     * @param overloaded 529 responses
     * @param errors     other non-2xx statuses and client errors
     * @param inFlight   attempts on the wire at the interval's end
     * @param backingOff requests waiting to retry at the interval's end
     */
    public record Interval(double startSeconds, long arrivals, long attempts, long ok, long overloaded, long errors,
                           long inFlight, long backingOff) {}

    /** Full-run histograms, microseconds, 3 significant digits; interval histograms for .hlog logs. */
    public record Histograms(Histogram request, Histogram requestUncorrected, Histogram attempt,
                             List<Histogram> requestIntervals, List<Histogram> attemptIntervals) {}
}
