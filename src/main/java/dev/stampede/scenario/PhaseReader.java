package dev.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code server.phases}: sorts them by {@code at}, checks that they start at 0s and lie within the
 * scenario, and resolves inheritance (a key a phase does not set keeps the previous phase's value; the
 * first phase inherits from {@link PhaseSpec#HEALTHY}) — except {@code abort}, an event at the phase start
 * rather than a state, which a phase that does not set it has at 0.
 */
final class PhaseReader {

    static final List<String> KEYS = List.of("at", "overload", "capacityFactor", "retryAfter", "errors", "reset", "hang", "latencyFactor", "abort");
    static final List<Integer> ERROR_STATUSES = List.of(400, 422, 429, 500, 502, 503, 504);

    /** What one phase sets; {@code null} = inherit. {@code retryAfterSet} tells "not set" from "set to none". */
    private record Draft(int index, YamlNode node, YamlNode atNode, Duration at, Double overload, Double capacityFactor,
                         boolean retryAfterSet, Duration retryAfter, Map<Integer, Double> errors,
                         Double reset, Double hang, Double latencyFactor, Double abort) {}

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
                    or(d.abort(), 0)); // not inherited: an abort happens once, when its phase begins
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
        Duration retryAfter = retryAfterSet && !(f.get("retryAfter") instanceof YamlNode.Null) ? f.duration("retryAfter", null) : null;
        Map<Integer, Double> errors = f.has("errors") ? errors(problems, f.get("errors"), f.path("errors")) : null;
        Double reset = f.has("reset") ? f.probability("reset", 0) : null;
        Double hang = f.has("hang") ? f.probability("hang", 0) : null;
        Double latencyFactor = f.has("latencyFactor")
                ? f.number("latencyFactor", 1, Double.MIN_VALUE, 1e6, "a factor > 0 (2 doubles service time)") : null;
        Double abort = f.has("abort") ? f.probability("abort", 0) : null;
        if (at == null) return null;
        return new Draft(index, node, f.get("at"), at, overload, capacityFactor, retryAfterSet, retryAfter, errors, reset, hang,
                latencyFactor, abort);
    }

    private static Map<Integer, Double> errors(Problems problems, YamlNode node, String path) {
        Map<Integer, Double> errors = new TreeMap<>();
        if (node instanceof YamlNode.Null) return errors;
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.expected(node, path, "wrong type", "a map of status to probability, such as {\"500\": 0.01, \"503\": 0.005}");
            return errors;
        }
        List<String> allowed = ERROR_STATUSES.stream().map(String::valueOf).toList();
        Fields f = Fields.of(problems, m, path, allowed);
        for (String key : f.keys()) {
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
