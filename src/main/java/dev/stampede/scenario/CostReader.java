package dev.stampede.scenario;

import java.util.List;

/**
 * Reads a tier's {@code cost:} ({@code policies.NAME.cost} for the run's own target, {@code policies.NAME.fallback[i].cost}
 * for a fallback tier): {@code {perCall: 0.003, perKiBRequest: 0.0001}}, prices in the user's own currency.
 */
final class CostReader {

    static final List<String> KEYS = List.of("perCall", "perKiBRequest", "perKiBAnswer");

    /** Prices above this are taken for a typo (a price is per attempt, not per run). */
    private static final double MAX_PRICE = 1e9;

    private CostReader() {}

    /** The tier's price, or {@code null} after a problem (reported at the value's file:line:column). */
    static PolicyDef.Cost read(Problems problems, YamlNode node, String path) {
        Fields f = Fields.of(problems, node, path, KEYS);
        f.notApplicable("perKiBAnswer", "not supported yet: stampede does not measure answer sizes in both engines "
                + "(price the call with perCall and the request body with perKiBRequest)");
        if (!f.has("perCall") && !f.has("perKiBRequest")) {
            if (node instanceof YamlNode.Mapping || node instanceof YamlNode.Null) {
                problems.add(node, path, "a cost needs perCall or perKiBRequest (expected e.g. {perCall: 0.003, perKiBRequest: 0.0001})");
            }
            return null;
        }
        int before = problems.count();
        double perCall = f.number("perCall", 0, 0, MAX_PRICE, "a price >= 0 per attempt, in your currency (e.g. 0.003)");
        double perKiB = f.number("perKiBRequest", 0, 0, MAX_PRICE, "a price >= 0 per KiB of request body, in your currency (e.g. 0.0001)");
        return problems.count() > before ? null : new PolicyDef.Cost(perCall, perKiB);
    }
}
