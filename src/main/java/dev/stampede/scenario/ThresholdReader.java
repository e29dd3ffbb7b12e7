package dev.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code thresholds:}: per strategy name (or {@code "*"}), metric to a condition such as
 * {@code "< 1.5"}, {@code "> 0.99"} or {@code "< 35s"}, optionally led by {@code mean} (the default) or
 * {@code interval} (with {@code --repeat N}: the whole 95 % interval must satisfy it). Latency limits are stored in milliseconds,
 * {@code recovery} in seconds, every other metric as a plain number.
 */
final class ThresholdReader {

    private static final Set<String> LATENCY = Set.of("p50", "p90", "p99", "p999", "max");
    private static final Pattern CONDITION = Pattern.compile("\\s*(?:(\\p{Alpha}+)\\s+)?(<=|>=|<|>)\\s*(\\S+)\\s*");
    private static final String EXPECTED = "a condition such as \"< 1.5\", \"> 0.99\" or \"< 35s\"";
    private static final String EXPECTED_BASIS = "\"mean\" (the default) or \"interval\" before the condition, such as "
            + "\"interval < 500ms\" (with --repeat: the whole 95 % interval must be below 500 ms)";

    private ThresholdReader() {}

    static List<ThresholdSpec> read(Problems problems, YamlNode node, String path, Set<String> knownStrategies) {
        List<ThresholdSpec> out = new ArrayList<>();
        if (node instanceof YamlNode.Null) return out;
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.expected(node, path, "wrong type", "a map of strategy name (or \"*\") to {metric: condition}");
            return out;
        }
        Set<String> strategies = new TreeSet<>(knownStrategies);
        Set<String> seen = new TreeSet<>();
        for (YamlNode.Entry e : m.entries()) {
            String where = path + "." + e.key();
            if (!e.key().equals("*") && !strategies.contains(e.key())) {
                problems.add(e.line(), e.column(), where, "unknown strategy" + Suggestions.didYouMean(e.key(), strategies)
                        + " (got " + e.key() + "; expected \"*\" or one of " + String.join(", ", strategies) + ")");
                continue;
            }
            if (!seen.add(e.key())) {
                problems.add(e.line(), e.column(), where, "duplicate key");
                continue;
            }
            Fields metrics = Fields.of(problems, e.value(), where, ThresholdSpec.METRICS);
            for (String metric : metrics.keys()) {
                ThresholdSpec t = threshold(problems, e.key(), metric, metrics.get(metric), metrics.path(metric));
                if (t != null) out.add(t);
            }
        }
        return out;
    }

    private static ThresholdSpec threshold(Problems problems, String strategy, String metric, YamlNode node, String path) {
        if (metric.equals("clientBound")) return clientBound(problems, strategy, node, path);
        String text = Scalars.text(problems, node, path, EXPECTED);
        if (text == null) return null;
        Matcher m = CONDITION.matcher(text);
        if (!m.matches()) {
            problems.expected(node, path, "not a condition", EXPECTED);
            return null;
        }
        ThresholdSpec.Basis basis = ThresholdSpec.Basis.MEAN;
        if (m.group(1) != null) {
            basis = null;
            for (ThresholdSpec.Basis b : ThresholdSpec.Basis.values()) if (b.word.equals(m.group(1))) basis = b;
            if (basis == null) {
                problems.expected(node, path, "unknown basis '" + m.group(1) + "'", EXPECTED_BASIS);
                return null;
            }
        }
        ThresholdSpec.Op op = switch (m.group(2)) {
            case "<" -> ThresholdSpec.Op.LT;
            case "<=" -> ThresholdSpec.Op.LE;
            case ">" -> ThresholdSpec.Op.GT;
            default -> ThresholdSpec.Op.GE;
        };
        String limit = m.group(3);
        Double value;
        if (LATENCY.contains(metric) || metric.equals("recovery")) {
            Duration d = parseDuration(limit);
            if (d == null) {
                problems.expected(node, path, parseNumber(limit) != null ? "missing unit" : "not a time limit", "a time limit with a unit, such as \"< 35s\" or \"< 250ms\"");
                return null;
            }
            value = metric.equals("recovery") ? d.toNanos() / 1e9 : d.toNanos() / 1e6;
        } else {
            value = parseNumber(limit);
            if (value == null) {
                problems.expected(node, path, "not a number", "a plain number for " + metric + ", such as \"< 1.5\"");
                return null;
            }
            if (metric.equals("successRate") && (value < 0 || value > 1)) {
                problems.expected(node, path, "out of range", "a success rate between 0 and 1, such as \"> 0.99\"");
                return null;
            }
        }
        String location = problems.file() + ":" + node.line() + ":" + node.column();
        return new ThresholdSpec(strategy, metric, op, value, location, basis);
    }

    /**
     * {@code clientBound: false}: the run must not be client-bound (the metric is 1 when it is, 0 when not), stored as
     * {@code clientBound < 1}. Only {@code false} makes sense: a CI gate never demands a client-bound run.
     */
    private static ThresholdSpec clientBound(Problems problems, String strategy, YamlNode node, String path) {
        String text = Scalars.text(problems, node, path, "false");
        if (text == null) return null;
        if (!text.strip().equals("false")) {
            problems.expected(node, path, "not false", "false (the run must not be client-bound, docs/metrics.md)");
            return null;
        }
        return new ThresholdSpec(strategy, "clientBound", ThresholdSpec.Op.LT, 1, problems.file() + ":" + node.line() + ":" + node.column());
    }

    private static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Double parseNumber(String text) {
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
