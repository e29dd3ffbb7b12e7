package dev.stampede.policy;

import dev.stampede.scenario.PolicyDef;
import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PolicySpecFromScenarioTest {

    @Test
    void everyPartOfAScenarioPolicyMapsToItsMechanismSpec() {
        PolicyDef def = new PolicyDef("p", "full", RetrySpec.DEFAULT,
                new PolicyDef.Budget.Window(20, 10, Duration.ofSeconds(10), PolicyDef.Scope.SHARED),
                new PolicyDef.Throttle(2, Duration.ofMinutes(2), PolicyDef.Scope.CLIENT),
                new PolicyDef.Breaker(3, Duration.ofSeconds(60), 1),
                new PolicyDef.Concurrency(1, 50, Duration.ofSeconds(120)),
                List.of(new PolicyDef.Tier("/b", null), new PolicyDef.Tier("/c", new PolicyDef.Breaker(1, Duration.ofSeconds(5), 2))),
                new PolicyDef.Gate(20, null, "i cannot help with that"), Duration.ofMillis(500), Set.of(529));
        PolicySpec spec = PolicySpec.from(def);
        assertEquals(WindowedRetryBudget.Spec.FINAGLE, spec.budget(), "Finagle's window, ten 1 s slices");
        assertEquals(PolicySpec.Scope.SHARED, spec.budgetScope());
        assertEquals(AdaptiveThrottle.Spec.SRE, spec.throttle(), "SRE's 2 minutes in 120 slices");
        assertEquals(PolicySpec.Scope.PER_CLIENT, spec.throttleScope());
        assertEquals(CircuitBreaker.Spec.SEED_004, spec.breaker());
        assertEquals(ConcurrencyLimiter.Spec.SEED_004, spec.limiter());
        assertEquals(List.of(FallbackChain.TierSpec.of("/b"),
                new FallbackChain.TierSpec("/c", new CircuitBreaker.Spec(1, Duration.ofSeconds(5), 2))), spec.chain());
        assertEquals(QualityGate.SEED_000, spec.gate());
        assertEquals(Set.of(529), spec.failureStatuses());
    }

    @Test
    void aBareStrategyKeepsOnlyTheRetryBlocksBudgetAndBreaker() {
        RetrySpec r = RetrySpec.DEFAULT;
        RetrySpec withBoth = new RetrySpec(r.maxAttempts(), r.base(), r.cap(), r.min(), r.additiveJitter(), r.retryStatuses(),
                r.retryErrors(), r.retryAfter(), r.retryAfterCap(), r.attemptOffset(), new RetrySpec.BudgetSpec(0.1, 100),
                new RetrySpec.BreakerSpec(3, Duration.ofSeconds(60)));
        PolicySpec fromDef = PolicySpec.from(PolicyDef.bare("full", withBoth));
        assertEquals(PolicySpec.from(withBoth), fromDef, "the same as the retry block's own mapping");
        assertNull(PolicySpec.from(PolicyDef.bare("none", r)).budget());
    }
}
