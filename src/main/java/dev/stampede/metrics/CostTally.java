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
    private final AtomicLongArray attempts;
    private final AtomicLongArray bodyBytes;

    /** @param prices the price per tier, index 0 the run's own target; {@code null} entries cost nothing; not empty */
    CostTally(List<PolicyDef.Cost> prices) {
        if (prices.isEmpty()) throw new IllegalArgumentException("no prices");
        this.prices = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(prices));
        this.attempts = new AtomicLongArray(prices.size());
        this.bodyBytes = new AtomicLongArray(prices.size());
    }

    /** An attempt sent to {@code tier} with a request body of {@code bytes} bytes; a tier without a price is ignored. */
    void attempt(int tier, long bytes) {
        if (tier < 0 || tier >= prices.size() || prices.get(tier) == null) return;
        attempts.incrementAndGet(tier);
        bodyBytes.addAndGet(tier, Math.max(0, bytes));
    }

    /** The cost of every attempt recorded so far. */
    double total() {
        double sum = 0;
        for (int i = 0; i < prices.size(); i++) {
            PolicyDef.Cost p = prices.get(i);
            if (p != null) sum += p.of(attempts.get(i), bodyBytes.get(i));
        }
        return sum;
    }
}
