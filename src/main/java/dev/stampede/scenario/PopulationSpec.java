package dev.stampede.scenario;

import java.util.Objects;

/**
 * One population of a mixed run ({@code population:}): a share of the clients (or of the arrival rate)
 * that follows {@code policy}. All populations of a scenario run at the same time against one server, and
 * each is reported as its own row of that run.
 *
 * @param policy a policy name from {@code policies:}, or a bare strategy name
 * @param share  fraction of the load, in (0, 1]; the shares of a scenario add up to 1
 */
public record PopulationSpec(String policy, double share) {
    public PopulationSpec {
        Objects.requireNonNull(policy, "policy");
        if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("population share must be in (0, 1], got " + share);
    }
}
