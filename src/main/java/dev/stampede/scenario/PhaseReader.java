package dev.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@code server.phases}: sorts them by {@code at}, checks that they start at 0s and lie within the
 * scenario, and resolves inheritance (a key a phase does not set keeps the previous phase's value; the
 * first phase inherits from {@link PhaseSpec#HEALTHY}) — except {@code abort}, an event at the phase start
 * rather than a state, which a phase that does not set it has at 0.
 */
final class PhaseReader {

    static final List<String> KEYS = List.of("at", "overload", "capacityFactor", "retryAfter", "errors", "reset", "hang", "latencyFactor", "abort",
            "retryAfterMs", "retryAfterFormat", "shouldRetry", "retryHeadersOn", "degraded");
    static final List<Integer> ERROR_STATUSES = List.of(400, 422, 429, 500, 502, 503, 504);
    private static final Map<String, Boolean> FORMATS = new LinkedHashMap<>();
    private static final Map<String, Boolean> BOOLEANS = new LinkedHashMap<>();

    static {
        FORMATS.put("seconds", false);
        FORMATS.put("date", true);
        BOOLEANS.put("true", true);
        BOOLEANS.put("false", false);
    }

    /**
     * What one phase sets; {@code null} = inherit. {@code retryAfterSet}, {@code retryAfterMsSet} and
     * {@code shouldRetrySet} tell "not set" from "set to none".
     */
    private record Draft(int index, YamlNode node, YamlNode atNode, Duration at, Double overload, Double capacityFactor,
                         boolean retryAfterSet, Duration retryAfter, Duration retryAfterUpTo, Map<Integer, Double> errors,
                         Double reset, Double hang, Double latencyFactor, Double abort,
                         boolean retryAfterMsSet, Duration retryAfterMs, Boolean asDate, boolean shouldRetrySet,
                         Boolean shouldRetry, Set<Integer> headersOn, Double degraded, Map<Integer, Duration> errorsRetryAfter) {}

    private PhaseReader() {}

    static List<PhaseSpec> read(Problems problems, YamlNode node, String path, Duration scenarioDuration) {
        if (node instanceof YamlNode.Null) return List.of(PhaseSpec.HEALTHY);
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.expected(node, path, "wrong type", "a list of phases, each {at: D, ...}");
            return List.of(PhaseSpec.HEALTHY);
        }
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            Draft d = draft(problems, seq.items().get(i), path + "[" + i + "]", i, scenarioDuration);
            if (d != null) drafts.add(d);
        }
        if (drafts.isEmpty()) return List.of(PhaseSpec.HEALTHY);
        drafts.sort(Comparator.comparing(Draft::at));
        Draft first = drafts.getFirst();
        if (!first.at().isZero()) {
            problems.add(first.atNode(), path + "[" + first.index() + "].at",
                    "the earliest phase must start at 0s (got " + Durations.format(first.at()) + "; expected a phase with at: 0s)");
        }
        for (int i = 1; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            if (d.at().equals(drafts.get(i - 1).at())) {
                problems.add(d.atNode(), path + "[" + d.index() + "].at", "another phase (" + path + "[" + drafts.get(i - 1).index()
                        + "]) starts at the same time, " + Durations.format(d.at()));
            }
        }
        List<PhaseSpec> phases = new ArrayList<>();
        PhaseSpec previous = PhaseSpec.HEALTHY;
        for (Draft d : drafts) {
            PhaseSpec p = new PhaseSpec(d.at(),
                    or(d.overload(), previous.overload()),
                    or(d.capacityFactor(), previous.capacityFactor()),
                    d.retryAfterSet() ? d.retryAfter() : previous.retryAfter(),
                    d.errors() != null ? d.errors() : previous.errors(),
                    or(d.reset(), previous.reset()),
                    or(d.hang(), previous.hang()),
                    or(d.latencyFactor(), previous.latencyFactor()),
                    or(d.abort(), 0), // not inherited: an abort happens once, when its phase begins
                    new PhaseSpec.Hints(
                            d.retryAfterMsSet() ? d.retryAfterMs() : previous.hints().retryAfterMs(),
                            d.asDate() != null ? d.asDate() : previous.hints().retryAfterAsDate(),
                            d.shouldRetrySet() ? d.shouldRetry() : previous.hints().shouldRetry(),
                            d.headersOn() != null ? d.headersOn() : previous.hints().on(),
                            // a status's own Retry-After is part of its errors entry: inherited with errors
                            d.errors() != null ? d.errorsRetryAfter() : previous.hints().retryAfterByStatus()),
                    d.retryAfterSet() ? d.retryAfterUpTo() : previous.retryAfterUpTo(),
                    d.degraded() != null ? d.degraded() : previous.degraded());
            double total = p.overload() + p.reset() + p.hang() + p.errors().values().stream().mapToDouble(Double::doubleValue).sum();
            if (total > 1 + 1e-9) {
                problems.add(d.node(), path + "[" + d.index() + "]", "overload, errors, reset and hang are exclusive outcomes; "
                        + "their probabilities add up to more than 1 (got " + round(total) + ", inherited values included; expected <= 1)");
            }
            phases.add(p);
            previous = p;
        }
        return phases;
    }

    private static Draft draft(Problems problems, YamlNode node, String path, int index, Duration scenarioDuration) {
        Fields f = Fields.of(problems, node, path, KEYS);
        f.require("at", Scalars.DURATION);
        Duration at = f.duration("at", null);
        if (at != null && scenarioDuration != null && at.compareTo(scenarioDuration) >= 0 && !at.isZero()) {
            problems.add(f.get("at"), f.path("at"), "starts after the scenario ends (got " + Durations.format(at)
                    + "; expected less than the duration, " + Durations.format(scenarioDuration) + ")");
        }
        Double overload = f.has("overload") ? f.probability("overload", 0) : null;
        Double capacityFactor = f.has("capacityFactor")
                ? f.number("capacityFactor", 1, 0, 1e6, "a factor >= 0 (0.5 halves capacity and concurrency)") : null;
        boolean retryAfterSet = f.has("retryAfter");
        Duration retryAfter = null;
        Duration retryAfterUpTo = null;
        if (retryAfterSet && f.get("retryAfter") instanceof YamlNode.Mapping) {
            Duration[] range = retryAfterRange(problems, f.get("retryAfter"), f.path("retryAfter"));
            if (range != null) {
                retryAfter = range[0];
                retryAfterUpTo = range[1];
            }
        } else if (retryAfterSet && !(f.get("retryAfter") instanceof YamlNode.Null)) {
            retryAfter = f.duration("retryAfter", null);
        }
        Map<Integer, Duration> errorsRetryAfter = new TreeMap<>();
        Map<Integer, Double> errors = f.has("errors") ? errors(problems, f.get("errors"), f.path("errors"), errorsRetryAfter) : null;
        Double reset = f.has("reset") ? f.probability("reset", 0) : null;
        Double hang = f.has("hang") ? f.probability("hang", 0) : null;
        Double latencyFactor = f.has("latencyFactor")
                ? f.number("latencyFactor", 1, Double.MIN_VALUE, 1e6, "a factor > 0 (2 doubles service time)") : null;
        Double abort = f.has("abort") ? f.probability("abort", 0) : null;
        boolean retryAfterMsSet = f.has("retryAfterMs");
        Duration retryAfterMs = retryAfterMsSet && !(f.get("retryAfterMs") instanceof YamlNode.Null) ? f.duration("retryAfterMs", null) : null;
        Boolean asDate = f.choice("retryAfterFormat", null, FORMATS);
        boolean shouldRetrySet = f.has("shouldRetry");
        Boolean shouldRetry = shouldRetrySet && !(f.get("shouldRetry") instanceof YamlNode.Null) ? f.choice("shouldRetry", null, BOOLEANS) : null;
        Set<Integer> headersOn = f.has("retryHeadersOn") ? headersOn(problems, f.get("retryHeadersOn"), f.path("retryHeadersOn")) : null;
        Double degraded = f.has("degraded") ? f.probability("degraded", 0) : null;
        if (at == null) return null;
        return new Draft(index, node, f.get("at"), at, overload, capacityFactor, retryAfterSet, retryAfter, retryAfterUpTo, errors, reset, hang,
                latencyFactor, abort, retryAfterMsSet, retryAfterMs, asDate, shouldRetrySet, shouldRetry, headersOn, degraded,
                errorsRetryAfter);
    }

    /**
     * {@code retryAfter: {uniform: [5s, 30s]}}: a range of whole seconds (the header carries whole seconds), each
     * answer drawing one; {@code null} after a problem.
     */
    private static Duration[] retryAfterRange(Problems problems, YamlNode node, String path) {
        return retryAfterRange(problems, node, path, "a duration such as 5s, null, or a range {uniform: [5s, 30s]} of whole seconds");
    }

    /** The same, saying {@code expected} when the mapping is empty (the server's default takes no {@code null}). */
    static Duration[] retryAfterRange(Problems problems, YamlNode node, String path, String expected) {
        Fields f = Fields.of(problems, node, path, List.of("uniform"));
        if (!f.has("uniform")) {
            // keys that are there were unknown and are reported already
            if (((YamlNode.Mapping) node).entries().isEmpty()) f.require("uniform", expected);
            return null;
        }
        YamlNode range = f.get("uniform");
        String where = f.path("uniform");
        if (!(range instanceof YamlNode.Sequence seq) || seq.items().size() != 2) {
            problems.expected(range, where, "wrong type", "[min, max], two durations in whole seconds, such as [5s, 30s]");
            return null;
        }
        Duration[] out = new Duration[2];
        for (int i = 0; i < 2; i++) {
            YamlNode item = seq.items().get(i);
            Duration d = Scalars.duration(problems, item, where + "[" + i + "]", Duration.ZERO);
            if (d == null) return null;
            if (d.getNano() != 0) {
                problems.add(item, where + "[" + i + "]", "must be whole seconds: Retry-After carries whole seconds (got "
                        + Durations.format(d) + ")");
                return null;
            }
            out[i] = d;
        }
        if (out[1].compareTo(out[0]) < 0) {
            problems.add(seq.items().get(1), where + "[1]", "must be >= the minimum (got " + Durations.format(out[1]) + " < "
                    + Durations.format(out[0]) + ")");
            return null;
        }
        return out;
    }

    /** {@code retryHeadersOn}: 529 and the scriptable error statuses. */
    private static Set<Integer> headersOn(Problems problems, YamlNode node, String path) {
        Set<Integer> on = new TreeSet<>();
        List<Integer> allowed = new ArrayList<>(ERROR_STATUSES);
        allowed.add(529);
        String expected = "a status the mock answers with: " + allowed.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElseThrow();
        if (node instanceof YamlNode.Null) return on;
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.expected(node, path, "wrong type", "a list of statuses, such as [529, 429]");
            return on;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String itemPath = path + "[" + i + "]";
            String text = Scalars.text(problems, item, itemPath, expected);
            if (text == null) continue;
            String t = text.strip();
            if (t.matches("\\d{1,3}") && allowed.contains(Integer.parseInt(t))) on.add(Integer.parseInt(t));
            else problems.expected(item, itemPath, "not a status the mock sends", expected);
        }
        return on;
    }

    /**
     * {@code errors}: status to probability, or to {@code {probability: P, retryAfter: D}} (the status's own
     * Retry-After, put into {@code retryAfter}).
     */
    private static Map<Integer, Double> errors(Problems problems, YamlNode node, String path, Map<Integer, Duration> retryAfter) {
        Map<Integer, Double> errors = new TreeMap<>();
        if (node instanceof YamlNode.Null) return errors;
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.expected(node, path, "wrong type", "a map of status to probability, such as {\"500\": 0.01, \"503\": 0.005}");
            return errors;
        }
        List<String> allowed = ERROR_STATUSES.stream().map(String::valueOf).toList();
        Fields f = Fields.of(problems, m, path, allowed);
        for (String key : f.keys()) {
            if (f.get(key) instanceof YamlNode.Mapping) {
                Fields one = Fields.of(problems, f.get(key), f.path(key), List.of("probability", "retryAfter"));
                one.require("probability", "a probability between 0 and 1");
                if (!one.has("probability")) continue;
                errors.put(Integer.parseInt(key), one.probability("probability", 0));
                Duration d = one.duration("retryAfter", null);
                if (d != null) retryAfter.put(Integer.parseInt(key), d);
                continue;
            }
            Double p = Scalars.probability(problems, f.get(key), f.path(key));
            if (p != null) errors.put(Integer.parseInt(key), p);
        }
        return errors;
    }

    private static double or(Double set, double inherited) {
        return set != null ? set : inherited;
    }

    private static String round(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
