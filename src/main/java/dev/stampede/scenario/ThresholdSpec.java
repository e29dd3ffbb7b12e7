package dev.stampede.scenario;

/**
 * One CI threshold: {@code metric op value} for runs whose strategy matches {@code strategy} ({@code "*"} = all).
 *
 * @param value    in the metric's canonical unit: milliseconds for latency percentiles, seconds for
 *                 {@code recovery}, requests per second for {@code goodput} and {@code goodputAfter}, a plain
 *                 number otherwise
 * @param location {@code file:line:column} of the threshold, for messages
 */
public record ThresholdSpec(String strategy, String metric, Op op, double value, String location) {

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
