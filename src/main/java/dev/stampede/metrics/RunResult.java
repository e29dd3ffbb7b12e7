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
 * @param peakAmplification max over 1 s intervals of attempts / arrivals in that interval; a second without arrivals
 *                          is measured against the mean offered rate ({@link Derived#peakAmplification(long[], long[])})
 * @param synchrony         peak-to-mean of attempts per 100 ms during the overload windows (1.0 = smooth); NaN without
 *                          an overload window
 * @param statuses          attempt counts by status code or error kind key, sorted
 * @param recoverySeconds   time from the end of the last overload window until the attempt failure fraction settled
 *                          ({@link Derived#recoverySeconds(long[], long[], long[], Derived.Script, long)}); NaN when not
 *                          applicable; {@link Double#POSITIVE_INFINITY} when it never recovered (metastable)
 * @param completionSeconds when the last request of a finite workload finished; NaN otherwise
 * @param server            the mock's view, or {@code null} for a URL target
 * @param phases            one row per scripted phase (one row for the whole run without phases): what seed 000's
 *                          per-hour table shows; empty when not recorded (e.g. results read from an older file)
 * @param attemptsPer100ms  attempts sent per 100 ms from the run's start, kept when the timeline's interval does not
 *                          divide 100 ms (a live run's 1 s timeline) so that synchrony can be recomputed after a merge;
 *                          {@code null} when the timeline gives it or it was not recorded. Not to be modified.
 * @param client            the client's own account of a live run (generator lag, connection waits, whether it was
 *                          client-bound), or {@code null} for a simulated run or a file that has none
 * @param goodputAfterPerSecond goodput (requests that succeeded, counted when they ended) per second over the stretch from
 *                          the end of the last overload window to the run's end
 *                          ({@link Derived#goodputAfterPerSecond(long[], long, Derived.Script, long)}); NaN when not
 *                          applicable (no overload window, or it lasts until the run's end) or unknown
 * @param templates         one entry per request template of a mix ({@code mix:} with more than one), in the mix's
 *                          order; empty otherwise
 * @param cost              what every attempt of the run cost, in the user's currency ({@code cost:} of the policy's tiers,
 *                          docs/metrics.md "Cost"); NaN when the policy has no price
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
        Histograms histograms,
        List<Phase> phases,
        long[] attemptsPer100ms,
        double goodputAfterPerSecond,
        ClientView client,
        List<TemplateFigures> templates,
        double cost) {

    /** A result without a price (NaN cost). */
    public RunResult(String strategy, boolean closedLoop, boolean partial, double durationSeconds, Requests requests,
                     long attempts, double amplification, double peakAmplification, double synchrony,
                     Map<String, Long> statuses, Latency request, Latency requestUncorrected, Latency attempt,
                     double recoverySeconds, double completionSeconds, List<Interval> timeline, ServerView server,
                     Histograms histograms, List<Phase> phases, long[] attemptsPer100ms, double goodputAfterPerSecond,
                     ClientView client, List<TemplateFigures> templates) {
        this(strategy, closedLoop, partial, durationSeconds, requests, attempts, amplification, peakAmplification, synchrony,
                statuses, request, requestUncorrected, attempt, recoverySeconds, completionSeconds, timeline, server, histograms,
                phases, attemptsPer100ms, goodputAfterPerSecond, client, templates, Double.NaN);
    }

    /**
     * Cost per successful request: the {@link #cost} of all the run's attempts over the requests that succeeded (degraded
     * local answers cost nothing and are not successes). NaN for an unpriced run and for a run without a success.
     */
    public double costPerSuccess() {
        return Double.isNaN(cost) || requests.succeeded() == 0 ? Double.NaN : cost / requests.succeeded();
    }

    public RunResult {
        phases = phases == null ? List.of() : List.copyOf(phases);
        templates = templates == null ? List.of() : List.copyOf(templates);
    }

    /**
     * One request template's figures ({@code mix:}).
     *
     * @param requests  its logical requests that ended (open-model arrivals refused as clientSaturated never start
     *                  and count in no template)
     * @param succeeded those that succeeded (on any tier)
     * @param cutOff    those the run's end cut ({@code unfinished}, {@code interrupted}): not counted as failures
     * @param attempts  attempts its requests sent
     * @param latency   request latency from the intended start (ms), over its requests
     */
    public record TemplateFigures(String name, long requests, long succeeded, long cutOff, long attempts, Latency latency) {
        /** succeeded / requests that concluded (not cut by the run's end); NaN without any. */
        public double successRate() {
            long n = requests - cutOff;
            return n <= 0 ? Double.NaN : (double) succeeded / n;
        }

        /** attempts / requests; NaN without requests. */
        public double amplification() { return requests == 0 ? Double.NaN : (double) attempts / requests; }
    }

    /**
     * A result without the client's own account (the simulator's, or one read from an older file) and without a
     * per-template breakdown (one request template).
     */
    public RunResult(String strategy, boolean closedLoop, boolean partial, double durationSeconds, Requests requests,
                     long attempts, double amplification, double peakAmplification, double synchrony,
                     Map<String, Long> statuses, Latency request, Latency requestUncorrected, Latency attempt,
                     double recoverySeconds, double completionSeconds, List<Interval> timeline, ServerView server,
                     Histograms histograms, List<Phase> phases, long[] attemptsPer100ms, double goodputAfterPerSecond) {
        this(strategy, closedLoop, partial, durationSeconds, requests, attempts, amplification, peakAmplification, synchrony,
                statuses, request, requestUncorrected, attempt, recoverySeconds, completionSeconds, timeline, server, histograms,
                phases, attemptsPer100ms, goodputAfterPerSecond, null, List.of());
    }

    /**
     * Whether the run's figures describe stampede rather than the target ({@link ClientView#clientBound}). Without the
     * client's account (a simulated run, an older file) only the condition that needs none is judged: more than
     * {@link ClientView#REFUSED_SHARE} of the arrivals refused as {@code clientSaturated}.
     */
    public boolean clientBound() {
        return client != null ? client.clientBound() : ClientView.refusedBound(requests.started(), requests.refused());
    }

    /** A result without a goodput-after figure (NaN: unknown, e.g. read from an older file). */
    public RunResult(String strategy, boolean closedLoop, boolean partial, double durationSeconds, Requests requests,
                     long attempts, double amplification, double peakAmplification, double synchrony,
                     Map<String, Long> statuses, Latency request, Latency requestUncorrected, Latency attempt,
                     double recoverySeconds, double completionSeconds, List<Interval> timeline, ServerView server,
                     Histograms histograms, List<Phase> phases, long[] attemptsPer100ms) {
        this(strategy, closedLoop, partial, durationSeconds, requests, attempts, amplification, peakAmplification, synchrony,
                statuses, request, requestUncorrected, attempt, recoverySeconds, completionSeconds, timeline, server, histograms,
                phases, attemptsPer100ms, Double.NaN);
    }

    /**
     * Goodput over the whole run: logical requests that succeeded (on any tier) per second of the run, counted when
     * they ended; not 2xx attempts. Every success counts, also those answered while the run drained after its end
     * (so a run that served everything scores its arrival rate). NaN for a run of no length.
     */
    public double goodputPerSecond() {
        return durationSeconds > 0 ? requests.succeeded() / durationSeconds : Double.NaN;
    }

    /**
     * Wasted work (the table's {@code wasted %}, as a share 0..1): the server's busy time spent on attempts whose
     * client had stopped waiting, over all its busy time ({@link ServerView#wastedShare()}). NaN without a server
     * view (a URL target, a mixed run) or when the server was never busy.
     */
    public double wastedShare() {
        return server == null || !(server.busySeconds() > 0) ? Double.NaN : server.wastedShare();
    }

    /** A result without a separate 100 ms series (its timeline gives it, or it was not recorded). */
    public RunResult(String strategy, boolean closedLoop, boolean partial, double durationSeconds, Requests requests,
                     long attempts, double amplification, double peakAmplification, double synchrony,
                     Map<String, Long> statuses, Latency request, Latency requestUncorrected, Latency attempt,
                     double recoverySeconds, double completionSeconds, List<Interval> timeline, ServerView server,
                     Histograms histograms, List<Phase> phases) {
        this(strategy, closedLoop, partial, durationSeconds, requests, attempts, amplification, peakAmplification, synchrony,
                statuses, request, requestUncorrected, attempt, recoverySeconds, completionSeconds, timeline, server, histograms,
                phases, null);
    }

    /** A result without per-phase rows (the shape before they existed). */
    public RunResult(String strategy, boolean closedLoop, boolean partial, double durationSeconds, Requests requests,
                     long attempts, double amplification, double peakAmplification, double synchrony,
                     Map<String, Long> statuses, Latency request, Latency requestUncorrected, Latency attempt,
                     double recoverySeconds, double completionSeconds, List<Interval> timeline, ServerView server,
                     Histograms histograms) {
        this(strategy, closedLoop, partial, durationSeconds, requests, attempts, amplification, peakAmplification, synchrony,
                statuses, request, requestUncorrected, attempt, recoverySeconds, completionSeconds, timeline, server, histograms,
                List.of());
    }

    /** This result with {@code rows} as its per-phase rows. */
    public RunResult withPhases(List<Phase> rows) {
        return new RunResult(strategy, closedLoop, partial, durationSeconds, requests, attempts, amplification,
                peakAmplification, synchrony, statuses, request, requestUncorrected, attempt, recoverySeconds,
                completionSeconds, timeline, server, histograms, rows, attemptsPer100ms, goodputAfterPerSecond, client, templates, cost);
    }

    /** This result with {@code view} as the client's account. */
    public RunResult withClient(ClientView view) {
        return new RunResult(strategy, closedLoop, partial, durationSeconds, requests, attempts, amplification,
                peakAmplification, synchrony, statuses, request, requestUncorrected, attempt, recoverySeconds,
                completionSeconds, timeline, server, histograms, phases, attemptsPer100ms, goodputAfterPerSecond, view, templates, cost);
    }

    /** This result with {@code total} as the cost of its attempts (NaN: unpriced). */
    public RunResult withCost(double total) {
        return new RunResult(strategy, closedLoop, partial, durationSeconds, requests, attempts, amplification,
                peakAmplification, synchrony, statuses, request, requestUncorrected, attempt, recoverySeconds,
                completionSeconds, timeline, server, histograms, phases, attemptsPer100ms, goodputAfterPerSecond, client, templates,
                total);
    }

    /** This result under another row name (a population of a mixed run). */
    public RunResult withStrategy(String name) {
        return new RunResult(name, closedLoop, partial, durationSeconds, requests, attempts, amplification,
                peakAmplification, synchrony, statuses, request, requestUncorrected, attempt, recoverySeconds,
                completionSeconds, timeline, server, histograms, phases, attemptsPer100ms, goodputAfterPerSecond, client, templates, cost);
    }

    /**
     * One scripted phase of the run, from its {@code atSeconds} until the next phase (seed 000's per-hour table).
     * Attempts and answers are filed by the time they ended, requests by the time they ended.
     *
     * @param atSeconds      start of the phase
     * @param attempts       attempts that ended in the phase
     * @param overloaded     of them, answered 529
     * @param answered2xx    of them, answered 2xx (before any quality gate)
     * @param gateRejected   2xx answers the quality gate rejected
     * @param succeeded      requests that succeeded in the phase
     * @param fallbackServed of them, served by a fallback tier (not the first target)
     * @param userFailures   requests that failed in the phase (any reason): what users saw
     * @param p50Ms          median request latency (corrected) of the requests that ended in the phase; NaN when none
     * @param p95Ms          95th percentile of the same
     * @param switchedOnStreak requests that left a tier after their policy's streak of statuses ({@code routing.streak})
     * @param switchedOnRate requests that started past the primary because its rolling rate was over the policy's
     *                       threshold ({@code routing.rate})
     * @param failedForward  requests that failed forward instead of falling back ({@code routing.failForward})
     * @param fallbackOnStatus attempts that ended in the phase with a status of the policy's {@code fallbackOn}: their
     *                       request left the tier at once, without a retry there
     * @param fallbackOnError  the same for a client error kind of {@code fallbackOn} (connection errors, timeouts)
     * @param degraded       requests that ended in the phase with a local answer (a cached or static fallback tier):
     *                       neither succeeded nor failed
     * @param cost           what the attempts sent in the phase cost (the policy's {@code cost:}, docs/metrics.md
     *                       "Cost"); NaN when the policy has no price
     */
    public record Phase(double atSeconds, long attempts, long overloaded, long answered2xx, long gateRejected,
                        long succeeded, long fallbackServed, long userFailures, double p50Ms, double p95Ms,
                        long switchedOnStreak, long switchedOnRate, long failedForward,
                        long fallbackOnStatus, long fallbackOnError, long degraded, double cost) {

        /** A phase without {@code fallbackOn} moves, degraded answers or a price (NaN cost). */
        public Phase(double atSeconds, long attempts, long overloaded, long answered2xx, long gateRejected,
                     long succeeded, long fallbackServed, long userFailures, double p50Ms, double p95Ms,
                     long switchedOnStreak, long switchedOnRate, long failedForward) {
            this(atSeconds, attempts, overloaded, answered2xx, gateRejected, succeeded, fallbackServed, userFailures, p50Ms,
                    p95Ms, switchedOnStreak, switchedOnRate, failedForward, 0, 0, 0, Double.NaN);
        }

        /** Requests that left a tier at once on the policy's {@code fallbackOn}, statuses and error kinds together. */
        public long fallbackOn() { return fallbackOnStatus + fallbackOnError; }

        /**
         * The phase's {@link #cost} over the requests that succeeded in it (degraded answers are not successes); NaN for
         * an unpriced run or a phase without a success. Attempts are filed by when they were sent and successes by when
         * they ended, so a request that straddles a phase's start counts its cost and its success in different phases.
         */
        public double costPerSuccess() { return Double.isNaN(cost) || succeeded == 0 ? Double.NaN : cost / succeeded; }

        /** A phase without signal routing. */
        public Phase(double atSeconds, long attempts, long overloaded, long answered2xx, long gateRejected,
                     long succeeded, long fallbackServed, long userFailures, double p50Ms, double p95Ms) {
            this(atSeconds, attempts, overloaded, answered2xx, gateRejected, succeeded, fallbackServed, userFailures, p50Ms,
                    p95Ms, 0, 0, 0);
        }

        /** Signal-routing decisions in the phase, all kinds. */
        public long switches() { return switchedOnStreak + switchedOnRate + failedForward; }

        /** 529s per 1,000 attempts; NaN without attempts. */
        public double overloadedPer1000() { return attempts == 0 ? Double.NaN : overloaded * 1000.0 / attempts; }

        /** Served by a fallback tier, over all succeeded requests; NaN when none succeeded. */
        public double fallbackShare() { return succeeded == 0 ? Double.NaN : (double) fallbackServed / succeeded; }

        /** 2xx answers the quality gate rejected, over all 2xx answers; NaN without 2xx answers. */
        public double gateRejectShare() { return answered2xx == 0 ? Double.NaN : (double) gateRejected / answered2xx; }
    }

    /**
     * @param failed   requests that failed: every reason but {@code unfinished} and {@code interrupted}, which say
     *                 the run ended before the request did
     * @param failures by reason key ({@code exhausted}, {@code nonRetryable}, …, {@code unfinished}, {@code interrupted})
     * @param targetRate offered arrival rate of the scenario (open model), 0 otherwise
     * @param achievedRate started / duration
     * @param degraded requests answered locally by a cached or static fallback tier: neither succeeded nor failed
     *                 (not goodput), but concluded
     */
    public record Requests(long started, long succeeded, long failed, Map<String, Long> failures,
                           double targetRate, double achievedRate, long degraded) {

        /** Requests without degraded answers. */
        public Requests(long started, long succeeded, long failed, Map<String, Long> failures, double targetRate,
                        double achievedRate) {
            this(started, succeeded, failed, failures, targetRate, achievedRate, 0);
        }

        /** degraded / (started − unfinished − interrupted); NaN when no request concluded. */
        public double degradedShare() {
            long n = concluded();
            return n <= 0 ? Double.NaN : (double) degraded / n;
        }

        /** Requests still in progress when the graceful stop ended the run. */
        public long unfinished() { return failures.getOrDefault("unfinished", 0L); }

        /** Requests in progress when the run was cancelled (Ctrl-C). */
        public long interrupted() { return failures.getOrDefault("interrupted", 0L); }

        /** Requests that ended on their own: started − unfinished − interrupted. */
        public long concluded() { return started - unfinished() - interrupted(); }

        /** succeeded / (started − unfinished − interrupted) (docs/metrics.md); NaN when no request concluded. */
        public double successRate() {
            long n = concluded();
            return n <= 0 ? Double.NaN : (double) succeeded / n;
        }

        /** unfinished / started; NaN without requests. */
        public double unfinishedShare() { return started == 0 ? Double.NaN : (double) unfinished() / started; }

        /** Arrivals stampede refused itself ({@code clientSaturated}): never sent. */
        public long refused() { return failures.getOrDefault("clientSaturated", 0L); }
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
     * @param succeeded  goodput: logical requests that succeeded (on any tier) and ended in the interval
     * @param refused    arrivals of the interval that stampede refused as {@code clientSaturated} (never sent)
     */
    public record Interval(double startSeconds, long arrivals, long attempts, long ok, long overloaded, long errors,
                           long inFlight, long backingOff, long succeeded, long refused) {

        /** An interval without a refused count (0). */
        public Interval(double startSeconds, long arrivals, long attempts, long ok, long overloaded, long errors,
                        long inFlight, long backingOff, long succeeded) {
            this(startSeconds, arrivals, attempts, ok, overloaded, errors, inFlight, backingOff, succeeded, 0);
        }

        /** An interval without a goodput count (0). */
        public Interval(double startSeconds, long arrivals, long attempts, long ok, long overloaded, long errors,
                        long inFlight, long backingOff) {
            this(startSeconds, arrivals, attempts, ok, overloaded, errors, inFlight, backingOff, 0);
        }
    }

    /** Full-run histograms, microseconds, 3 significant digits; interval histograms for .hlog logs. */
    public record Histograms(Histogram request, Histogram requestUncorrected, Histogram attempt,
                             List<Histogram> requestIntervals, List<Histogram> attemptIntervals) {}
}
