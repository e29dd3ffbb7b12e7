package dev.stampede.scenario;

/**
 * One CI threshold: {@code metric op value} for runs whose strategy matches {@code strategy} ({@code "*"} = all).
 *
 * @param basis    with {@code --repeat N}, what is compared: the mean over the repeats, or the far end of its 95 %
 *                 interval (docs/metrics.md, "Thresholds"); a single run compares its figure either way
 * @param value    in the metric's canonical unit: milliseconds for latency percentiles, seconds for
 *                 {@code recovery}, requests per second for {@code goodput} and {@code goodputAfter}, a plain
 *                 number otherwise
 * @param location {@code file:line:column} of the threshold, for messages
 */
public record ThresholdSpec(String strategy, String metric, Op op, double value, String location, Basis basis) {

    public ThresholdSpec {
        if (basis == null) throw new IllegalArgumentException("basis must not be null");
    }

    /** A threshold on the mean ({@code "< 1.5"}). */
    public ThresholdSpec(String strategy, String metric, Op op, double value, String location) {
        this(strategy, metric, op, value, location, Basis.MEAN);
    }

    /**
     * What a threshold compares when a row has repeats: {@code MEAN} ({@code "< 500ms"} or {@code "mean < 500ms"}),
     * or {@code INTERVAL} ({@code "interval < 500ms"}): the whole 95 % interval must satisfy the condition, i.e. its
     * upper end for {@code <} and {@code <=}, its lower end for {@code >} and {@code >=}.
     */
    public enum Basis {
        MEAN("mean"), INTERVAL("interval");

        public final String word;

        Basis(String word) { this.word = word; }
    }

    /** Comparison that must hold for the threshold to pass. */
    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">=");

        public final String symbol;

        Op(String symbol) { this.symbol = symbol; }

        public boolean holds(double actual, double limit) {
            return switch (this) {
                case LT -> actual < limit;
                case LE -> actual <= limit;
                case GT -> actual > limit;
                case GE -> actual >= limit;
            };
        }
    }

    /** Metrics a threshold can name, with their canonical units. */
    public static final java.util.List<String> METRICS = java.util.List.of(
            "amplification", "peakAmplification", "synchrony", "successRate",
            "p50", "p90", "p99", "p999", "max", "recovery", "attempts", "goodput", "goodputAfter", "clientBound");

    public boolean appliesTo(String strategyName) {
        return strategy.equals("*") || strategy.equals(strategyName);
    }
}
