package dev.stampede.policy;

import dev.stampede.policy.FallbackChain.Reason;
import dev.stampede.policy.FallbackChain.Tier;
import dev.stampede.policy.FallbackChain.TierSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FallbackChainTest {

    private static final long SECOND = 1_000_000_000L;

    /** Seed 004's cascade: three models, each with its own 3-failure / 60 s breaker. */
    private static FallbackChain seed004Cascade() {
        return new FallbackChain(List.of(
                new TierSpec("/v1/opus", CircuitBreaker.Spec.SEED_004),
                new TierSpec("/v1/sonnet", CircuitBreaker.Spec.SEED_004),
                new TierSpec("/v1/haiku", CircuitBreaker.Spec.SEED_004)));
    }

    private static void trip(CircuitBreaker breaker, long nowNanos) {
        for (int i = 0; i < 3; i++) {
            breaker.onResult(nowNanos, (CircuitBreaker.Permit.Permitted) breaker.permit(nowNanos), true);
        }
    }

    private static Optional<String> target(Optional<Tier> tier) { return tier.map(Tier::target); }

    @Test
    void triesTheTiersInOrderThenIsExhausted() {
        FallbackChain chain = new FallbackChain(List.of(TierSpec.of("/primary"), TierSpec.of("/secondary"), TierSpec.of("http://127.0.0.1:1/third")));
        Tier first = chain.first(0).orElseThrow();
        assertEquals(new Tier(0, "/primary"), first);
        Tier second = chain.next(first, 0, Reason.GAVE_UP).orElseThrow();
        assertEquals(new Tier(1, "/secondary"), second);
        Tier third = chain.next(second, 0, Reason.GAVE_UP).orElseThrow();
        assertEquals("http://127.0.0.1:1/third", third.target());
        assertEquals(Optional.empty(), chain.next(third, 0, Reason.GAVE_UP), "after the third tier the chain is exhausted");
        assertEquals(1, chain.stats().exhausted());
    }

    @Test
    void skipsATierWhoseBreakerIsOpen() {
        FallbackChain chain = seed004Cascade();
        trip(chain.breaker(chain.tiers().get(0)).orElseThrow(), 0);
        assertEquals(Optional.of("/v1/sonnet"), target(chain.first(SECOND)), "opus's breaker is open: start at sonnet");
        trip(chain.breaker(chain.tiers().get(1)).orElseThrow(), SECOND);
        assertEquals(Optional.of("/v1/haiku"), target(chain.first(2 * SECOND)), "opus and sonnet open: start at haiku");
        assertEquals(Optional.of("/v1/haiku"), target(chain.next(chain.tiers().get(0), 2 * SECOND, Reason.GAVE_UP)), "next after opus skips sonnet too");
    }

    @Test
    void everyBreakerOpenExhaustsTheChainAtOnce() {
        FallbackChain chain = seed004Cascade();
        for (Tier t : chain.tiers()) trip(chain.breaker(t).orElseThrow(), 0);
        assertEquals(Optional.empty(), chain.first(SECOND));
        assertEquals(1, chain.stats().exhausted());
    }

    @Test
    void aTierComesBackWhenItsBreakerTurnsHalfOpen() {
        FallbackChain chain = seed004Cascade();
        trip(chain.breaker(chain.tiers().get(0)).orElseThrow(), 0);
        assertEquals(Optional.of("/v1/sonnet"), target(chain.first(59 * SECOND)));
        assertEquals(Optional.of("/v1/opus"), target(chain.first(60 * SECOND)), "at 60 s opus may be probed again");
    }

    @Test
    void recordsWhichTierServedAndTheFallbackShare() {
        FallbackChain chain = seed004Cascade();
        for (int i = 0; i < 78; i++) chain.served(chain.tiers().get(0));
        for (int i = 0; i < 20; i++) chain.served(chain.tiers().get(1));
        for (int i = 0; i < 2; i++) chain.served(chain.tiers().get(2));
        FallbackChain.Stats stats = chain.stats();
        assertEquals(100, stats.totalServed());
        assertEquals(0.22, stats.fallbackShare(), 1e-12, "22 of 100 served by a fallback tier (seed 000's peak hour)");
        assertEquals(List.of("/v1/opus", "/v1/sonnet", "/v1/haiku"), stats.targets());
    }

    @Test
    void countsWhyRequestsLeftEachTier() {
        FallbackChain chain = seed004Cascade();
        Tier opus = chain.tiers().get(0);
        chain.next(opus, 0, Reason.GAVE_UP);
        chain.next(opus, 0, Reason.QUALITY_GATE);
        chain.next(opus, 0, Reason.QUALITY_GATE);
        trip(chain.breaker(opus).orElseThrow(), 0);
        chain.first(SECOND);
        FallbackChain.Stats stats = chain.stats();
        assertEquals(1L, stats.left().get(0).get(Reason.GAVE_UP));
        assertEquals(2L, stats.left().get(0).get(Reason.QUALITY_GATE));
        assertEquals(1L, stats.left().get(0).get(Reason.CIRCUIT_OPEN), "skipped once because its breaker was open");
        assertEquals(0L, stats.left().get(1).get(Reason.GAVE_UP));
    }

    @Test
    void aChainNeedsATierAndEveryTierATarget() {
        assertThrows(IllegalArgumentException.class, () -> new FallbackChain(List.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TierSpec.of(" ")).getMessage().contains("target"));
    }
}
