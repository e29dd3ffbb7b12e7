package dev.stampede.metrics;

import dev.stampede.scenario.PolicyDef;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Attempts and request-body bytes per fallback tier, priced at the end of the run (docs/metrics.md, "Cost"): the
 * run's cost is the sum over tiers of {@code attempts × perCall + bytes / 1024 × perKiBRequest}. Counting and pricing
 * apart keeps the hot path to two atomic adds and makes the sum independent of the order attempts were recorded in,
 * so both engines give the same cost for the same attempts. Thread-safe.
 */
final class CostTally {

    private final List<PolicyDef.Cost> prices;
    private final int phases;
    // indexed phase × tiers + tier
    private final AtomicLongArray attempts;
    private final AtomicLongArray bodyBytes;

    /** @param prices the price per tier, index 0 the run's own target; {@code null} entries cost nothing; not empty */
    CostTally(List<PolicyDef.Cost> prices) {
        this(prices, 1);
    }

    /**
     * @param prices the price per tier, index 0 the run's own target; {@code null} entries cost nothing; not empty
     * @param phases the scripted phases attempts are filed under (per-phase cost), &gt;= 1
     */
    CostTally(List<PolicyDef.Cost> prices, int phases) {
        if (prices.isEmpty()) throw new IllegalArgumentException("no prices");
        if (phases < 1) throw new IllegalArgumentException("phases must be >= 1, got " + phases);
        this.prices = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(prices));
        this.phases = phases;
        this.attempts = new AtomicLongArray(prices.size() * phases);
        this.bodyBytes = new AtomicLongArray(prices.size() * phases);
    }

    /** An attempt sent to {@code tier} with a request body of {@code bytes} bytes; a tier without a price is ignored. */
    void attempt(int tier, long bytes) {
        attempt(0, tier, bytes);
    }

    /** The same, filed under phase {@code phase} (0-based, clamped to the phases there are). */
    void attempt(int phase, int tier, long bytes) {
        if (tier < 0 || tier >= prices.size() || prices.get(tier) == null) return;
        int i = Math.clamp(phase, 0, phases - 1) * prices.size() + tier;
        attempts.incrementAndGet(i);
        bodyBytes.addAndGet(i, Math.max(0, bytes));
    }

    /** The cost of every attempt recorded so far. */
    double total() {
        double sum = 0;
        for (int ph = 0; ph < phases; ph++) sum += phaseTotal(ph);
        return sum;
    }

    /**
     * The cost of the attempts recorded so far under phase {@code phase}. Priced per phase and tier, so a phase's cost
     * does not depend on the other phases and the phases' costs add up to {@link #total()} (to rounding).
     */
    double phaseTotal(int phase) {
        double sum = 0;
        for (int tier = 0; tier < prices.size(); tier++) {
            PolicyDef.Cost p = prices.get(tier);
            int i = phase * prices.size() + tier;
            if (p != null) sum += p.of(attempts.get(i), bodyBytes.get(i));
        }
        return sum;
    }
}
