package dev.stampede.metrics;

import dev.stampede.scenario.PolicyDef;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CostTallyTest {

    @Test
    void theCostIsAttemptsTimesPerCallPlusKibTimesPerKibSummedOverTiers() {
        CostTally tally = new CostTally(Arrays.asList(new PolicyDef.Cost(0.003, 0.0001), null, new PolicyDef.Cost(0.5, 0)));
        tally.attempt(0, 1024);
        tally.attempt(0, 3072);
        tally.attempt(1, 1_000_000);   // an unpriced tier costs nothing
        tally.attempt(2, 512);
        // tier 0: 2 × 0.003 + 4 KiB × 0.0001; tier 2: 1 × 0.5
        assertEquals(2 * 0.003 + 4 * 0.0001 + 0.5, tally.total(), 1e-12);
    }

    @Test
    void anAttemptOnATierBeyondThePricedOnesIsFree() {
        CostTally tally = new CostTally(Arrays.asList(new PolicyDef.Cost(1, 0)));
        tally.attempt(3, 100);
        tally.attempt(-1, 100);
        assertEquals(0, tally.total());
    }

    @Test
    void aNegativeOrInfinitePriceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PolicyDef.Cost(-0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> new PolicyDef.Cost(0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new PolicyDef.Cost(Double.NaN, 0));
    }

    @Test
    void theRecorderPricesTheRunAndDividesBySuccessfulRequestsOnly() {
        RunRecorder r = RunRecorder.singleThreaded(new RunRecorder.Config("p", 100_000_000L, java.util.List.of(), false, 0));
        r.prices(java.util.List.of(new PolicyDef.Cost(2, 0)));
        for (int i = 0; i < 4; i++) {
            r.arrival(0);
            r.attemptSent(0);
            r.attemptBilled(0, 10);
        }
        r.requestDone(1, null, 1, 1);
        r.requestDone(1, null, 1, 1);
        r.requestDone(1, dev.stampede.retry.FailureReason.EXHAUSTED, 1, 1);
        r.requestDegraded(1, 1, 1);
        RunResult result = r.finish(1_000_000_000L, null, false);
        assertEquals(8, result.cost(), 1e-12, "4 attempts × 2");
        assertEquals(4, result.costPerSuccess(), 1e-12, "over the 2 successes; failures and degraded answers are not successes");
    }

    @Test
    void anUnpricedRecorderGivesNoCost() {
        RunRecorder r = RunRecorder.singleThreaded(new RunRecorder.Config("p", 100_000_000L, java.util.List.of(), false, 0));
        r.attemptBilled(0, 10);
        assertEquals(Double.NaN, r.finish(1_000_000_000L, null, false).cost());
    }
}
