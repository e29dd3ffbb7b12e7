package dev.stampede.scenario;

import java.util.List;
import java.util.Set;

/**
 * A request template's own {@code retry:} keys, laid over the retry settings of each report row's policy (which lay
 * over the scenario's {@code retry:}): precedence scenario &lt; policy &lt; request template &lt; fallback tier. Only
 * the keys the template sets change; a budget and a circuit breaker belong to the policy, not to a template.
 *
 * @param keys   the keys the template sets (of {@link #KEYS})
 * @param values the template's values for them (other components unused)
 */
public record RetryOverride(Set<String> keys, RetrySpec values) {

    /** The keys a template's {@code retry:} may set. */
    static final List<String> KEYS = List.of("maxAttempts", "base", "cap", "min", "additiveJitter", "retryOn", "retryAfter",
            "retryAfterCap", "attemptOffset");

    public RetryOverride {
        keys = Set.copyOf(keys);
        java.util.Objects.requireNonNull(values, "values");
    }

    /**
     * {@code under} with this template's keys laid over it.
     *
     * @throws IllegalArgumentException when the result is inconsistent (a template's cap below the policy's base)
     */
    public RetrySpec over(RetrySpec under) {
        RetrySpec v = values;
        boolean statuses = keys.contains("retryOn");
        return new RetrySpec(
                keys.contains("maxAttempts") ? v.maxAttempts() : under.maxAttempts(),
                keys.contains("base") ? v.base() : under.base(),
                keys.contains("cap") ? v.cap() : under.cap(),
                keys.contains("min") ? v.min() : under.min(),
                keys.contains("additiveJitter") ? v.additiveJitter() : under.additiveJitter(),
                statuses ? v.retryStatuses() : under.retryStatuses(),
                statuses ? v.retryErrors() : under.retryErrors(),
                keys.contains("retryAfter") ? v.retryAfter() : under.retryAfter(),
                keys.contains("retryAfterCap") ? v.retryAfterCap() : under.retryAfterCap(),
                keys.contains("attemptOffset") ? v.attemptOffset() : under.attemptOffset(),
                under.budget(), under.circuitBreaker(),
                keys.contains("maxAttempts") || under.maxAttemptsSet(),
                // a template cannot set these (nor inner): they stay its row's
                under.retryAfterOn(), under.retryAfterBuffer()).withInner(under.inner());
    }
}
