package dev.stampede.scenario;

import java.time.Duration;
import java.util.Map;

/**
 * Converts one located YAML value to a typed value, or records why it cannot and returns {@code null}.
 * Every message has the shape {@code PROBLEM (got X; expected Y)}.
 */
final class Scalars {

    static final String DURATION = "a duration such as 250ms, 1s, 2m or 1h";
    static final String RATE = "a rate such as 400/s or 600/m";

    private static final java.util.regex.Pattern BARE_NUMBER = java.util.regex.Pattern.compile("\\s*-?\\d+(\\.\\d+)?\\s*");

    private Scalars() {}

    /** The text of a scalar; maps, lists and nothing are problems. */
    static String text(Problems problems, YamlNode node, String path, String expected) {
        if (node instanceof YamlNode.Scalar s) return s.text();
        problems.expected(node, path, "wrong type", expected);
        return null;
    }

    /** A duration of at least {@code min}. */
    static Duration duration(Problems problems, YamlNode node, String path, Duration min) {
        String text = text(problems, node, path, DURATION);
        if (text == null) return null;
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.expected(node, path, BARE_NUMBER.matcher(text).matches() ? "missing unit" : "not a duration", DURATION);
            return null;
        }
        if (d.compareTo(min) < 0) {
            problems.add(node, path, "must be " + (min.isZero() ? ">= 0s" : ">= " + Durations.format(min)) + " (got " + text + ")");
            return null;
        }
        return d;
    }

    /** A positive duration. */
    static Duration positiveDuration(Problems problems, YamlNode node, String path) {
        Duration d = duration(problems, node, path, Duration.ZERO);
        if (d != null && d.isZero()) {
            problems.add(node, path, "must be longer than 0s (got " + node.describe() + ")");
            return null;
        }
        return d;
    }

    static Rate rate(Problems problems, YamlNode node, String path) {
        String text = text(problems, node, path, RATE);
        if (text == null) return null;
        try {
            return Rate.parse(text);
        } catch (IllegalArgumentException e) {
            problems.expected(node, path, BARE_NUMBER.matcher(text).matches() ? "missing unit" : "not a rate", RATE);
            return null;
        }
    }

    /** A finite number in [{@code min}, {@code max}]; {@code expected} names the range for the message. */
    static Double number(Problems problems, YamlNode node, String path, double min, double max, String expected) {
        String text = text(problems, node, path, expected);
        if (text == null) return null;
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            problems.expected(node, path, "not a number", expected);
            return null;
        }
        if (!(v >= min && v <= max)) {
            problems.expected(node, path, "out of range", expected);
            return null;
        }
        return v;
    }

    static Double probability(Problems problems, YamlNode node, String path) {
        return number(problems, node, path, 0, 1, "a probability between 0 and 1");
    }

    /** A whole number in [{@code min}, {@code max}]. */
    static Long integer(Problems problems, YamlNode node, String path, long min, long max) {
        String expected = min == Long.MIN_VALUE ? "a whole number"
                : max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "a whole number >= " + min
                : "a whole number from " + min + " to " + max;
        String text = text(problems, node, path, expected);
        if (text == null) return null;
        long v;
        try {
            v = Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            problems.expected(node, path, "not a whole number", expected);
            return null;
        }
        if (v < min || v > max) {
            problems.expected(node, path, "out of range", expected);
            return null;
        }
        return v;
    }

    /** One of the given words (case-sensitive, as written in the reference); suggests the nearest. */
    static <T> T choice(Problems problems, YamlNode node, String path, Map<String, T> choices) {
        String expected = "one of " + String.join(", ", choices.keySet());
        String text = text(problems, node, path, expected);
        if (text == null) return null;
        T v = choices.get(text.strip());
        if (v == null) problems.expected(node, path, "unknown value" + Suggestions.didYouMean(text.strip(), choices.keySet()), expected);
        return v;
    }
}
