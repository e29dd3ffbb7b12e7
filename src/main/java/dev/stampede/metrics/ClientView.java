package dev.stampede.metrics;

/**
 * The client's own account of a live run (docs/metrics.md, "Generator lag and client-bound runs"): how late stampede
 * itself was, so that a run whose figures describe stampede rather than the target says so.
 *
 * @param connections      the run's connection limit ({@code client.connections} or the load model's default), 0 for
 *                         none
 * @param pacerLag         how late the open model's pacer handed out arrivals after their intended start (empty, count
 *                         0, for other load models)
 * @param sendLag          per attempt, from its intended send (the request's intended start for a first attempt, the
 *                         end of its backoff or pause for a later one) until it left the client: the pacer's lag,
 *                         thread scheduling and the connection wait together; the generator lag
 * @param connectionWait   per attempt, the wait for a free connection (0 for attempts that found one free)
 * @param connectionWaits  attempts that found no free connection and waited
 * @param noConnection     attempts that waited their whole timeout for a connection and never left the client (counted
 *                         as {@code timeout})
 * @param serviceMeanMs    the embedded mock's mean service time per request it received (busy time / received), NaN
 *                         for a URL target
 * @param attemptMeanMs    the mean attempt latency the client saw, to set beside {@code serviceMeanMs}
 * @param clientBound      the rule of {@link #isClientBound} held: the figures describe stampede rather than the target
 */
public record ClientView(int connections, RunResult.Latency pacerLag, RunResult.Latency sendLag,
                         RunResult.Latency connectionWait, long connectionWaits, long noConnection, double serviceMeanMs,
                         double attemptMeanMs, boolean clientBound) {

    /** Generator lag below this p99 never makes a run client-bound: scheduling noise of a loaded machine. */
    public static final double LAG_FLOOR_MS = 1.0;

    /** The share of the request latency p99 the generator lag p99 must reach for a run to be client-bound. */
    public static final double LAG_SHARE = 0.5;

    /**
     * The client-bound rule (docs/metrics.md): the generator lag p99 — the larger of the pacer's and the attempts' send
     * lag — is at least {@link #LAG_FLOOR_MS} and at least {@link #LAG_SHARE} of the request latency p99 (corrected,
     * from the intended start) — or no request was measured at all while the lag was above the floor.
     *
     * @param requestP99Ms the run's request latency p99 (corrected), NaN when no request was sent
     */
    public static boolean isClientBound(RunResult.Latency pacerLag, RunResult.Latency sendLag, double requestP99Ms) {
        double lag = larger(p99(pacerLag), p99(sendLag));
        if (!(lag >= LAG_FLOOR_MS)) return false;
        return Double.isNaN(requestP99Ms) || lag >= LAG_SHARE * requestP99Ms;
    }

    /**
     * A second condition of the rule, for the embedded mock (docs/metrics.md): the mean attempt latency the client saw
     * exceeds the mock's mean service time by at least {@link #LAG_FLOOR_MS} and by at least half of that attempt
     * latency — time spent inside stampede (its client, the loopback, the mock's HTTP stack on the same cores) that
     * the send lag cannot see, once an attempt is handed to the HTTP client. False without a mock (NaN).
     */
    public static boolean overheadBound(double attemptMeanMs, double serviceMeanMs) {
        double overhead = attemptMeanMs - serviceMeanMs;
        return overhead >= LAG_FLOOR_MS && overhead >= LAG_SHARE * attemptMeanMs;
    }

    /**
     * The share of a run's arrivals that stampede may refuse itself ({@code clientSaturated}) before the run is
     * client-bound: above it, a noticeable part of the load asked for never reached the target.
     */
    public static final double REFUSED_SHARE = 0.01;

    /**
     * A fourth condition of the rule (docs/metrics.md): more than {@link #REFUSED_SHARE} of the run's arrivals were
     * refused by stampede itself as {@code clientSaturated} ({@code maxInFlight} reached, or every connection busy with
     * as many requests waiting), so what was measured is what stampede could send, not what the target did with the
     * load asked for. The lag conditions miss such a run: refused arrivals are in no latency. It is the one condition
     * the simulator can meet too (its client has no lag, but refuses past {@code maxInFlight}).
     *
     * @param arrivals the run's arrivals (logical requests started, refused ones included), {@code >= 0}
     * @param refused  of those, the arrivals refused as {@code clientSaturated}
     */
    public static boolean refusedBound(long arrivals, long refused) {
        return arrivals > 0 && refused > REFUSED_SHARE * arrivals;
    }

    /** {@link #REFUSED_SHARE} as the reports print it ("1 %"). */
    public static String refusedShareText() {
        return String.format(java.util.Locale.ROOT, "%.0f %%", REFUSED_SHARE * 100);
    }

    /**
     * A third condition of the rule: the attempt latency p99 exceeds the attempts' timeout by more than a tenth of it and
     * more than {@link #LAG_FLOOR_MS} (the deadline watchdog's precision is 10 ms). An attempt cannot take longer than its
     * timeout unless the client itself was too busy to end it: true against any target. False when the timeout is
     * unknown ({@code timeoutMs <= 0}).
     */
    public static boolean lateDeadlines(double attemptP99Ms, double timeoutMs) {
        if (!(timeoutMs > 0)) return false;
        return attemptP99Ms - timeoutMs > Math.max(LAG_FLOOR_MS + 10, 0.1 * timeoutMs);
    }

    /** The generator lag p99 in ms: the larger of the pacer's and the send lag's; NaN when neither was measured. */
    public double lagP99Ms() {
        return larger(p99(pacerLag), p99(sendLag));
    }

    /** The larger of two figures, either of which may be NaN (unmeasured); NaN when both are. */
    private static double larger(double a, double b) {
        if (Double.isNaN(a)) return b;
        if (Double.isNaN(b)) return a;
        return Math.max(a, b);
    }

    /** The attempt latency the client saw beyond the mock's service time, mean ms; NaN without a mock. */
    public double clientOverheadMs() {
        return attemptMeanMs - serviceMeanMs;
    }

    private static double p99(RunResult.Latency l) {
        return l == null || l.count() == 0 ? Double.NaN : l.p99();
    }

    /**
     * The shards of one run as one account: connections and counts added; each lag the worst shard's (its
     * histograms are not kept); the means weighted by nothing (the worst shard's overhead); client-bound when any
     * shard was. {@code null} when a shard has no account.
     */
    public static ClientView ofShards(java.util.List<ClientView> shards) {
        if (shards.isEmpty() || shards.stream().anyMatch(java.util.Objects::isNull)) return null;
        ClientView worst = shards.stream().max(java.util.Comparator.comparingDouble(
                c -> Double.isNaN(c.lagP99Ms()) ? Double.NEGATIVE_INFINITY : c.lagP99Ms())).orElseThrow();
        ClientView mostOverhead = shards.stream().max(java.util.Comparator.comparingDouble(
                c -> Double.isNaN(c.clientOverheadMs()) ? Double.NEGATIVE_INFINITY : c.clientOverheadMs())).orElseThrow();
        ClientView longestWait = shards.stream().max(java.util.Comparator.comparingDouble(
                c -> c.connectionWait().count() == 0 ? Double.NEGATIVE_INFINITY : c.connectionWait().p99())).orElseThrow();
        return new ClientView(shards.stream().mapToInt(ClientView::connections).sum(), worst.pacerLag(), worst.sendLag(),
                longestWait.connectionWait(), shards.stream().mapToLong(ClientView::connectionWaits).sum(),
                shards.stream().mapToLong(ClientView::noConnection).sum(), mostOverhead.serviceMeanMs(),
                mostOverhead.attemptMeanMs(), shards.stream().anyMatch(ClientView::clientBound));
    }
}
