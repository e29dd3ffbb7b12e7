package dev.stampede.server;

import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ServerSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded server's rule for executions per logical request, and the size-dependent service time. */
class ExecutionsTest {

    @Test
    void everyCompletedExecutionAfterTheFirstOfALogicalRequestIsADuplicate() {
        Executions ledger = new Executions(false);
        Executions.Entry charge = ledger.entry("k:1");
        for (int attempt = 0; attempt < 3; attempt++) {
            assertEquals(Executions.Admission.PROCEED, ledger.admit(charge), "without idempotency the model always decides");
            ledger.began(charge);
        }
        assertFalse(ledger.completed(charge, false), "the first execution is the one the customer asked for");
        assertTrue(ledger.completed(charge, false));
        assertTrue(ledger.completed(charge, false));
        assertEquals(2, ledger.duplicates());
        assertEquals(3, charge.completed());
    }

    @Test
    void workLetGoBeforeItCompletedIsNoExecution() {
        Executions ledger = new Executions(false);
        Executions.Entry charge = ledger.entry("k:1");
        ledger.began(charge);
        ledger.ended(charge); // aborted, timed out in the queue, cancelled
        ledger.began(charge);
        assertFalse(ledger.completed(charge, false), "the retry is the only execution");
        assertEquals(0, ledger.duplicates());
    }

    @Test
    void attemptsWithoutAKeyAreUntrackedAndEachKeyHasOneEntry() {
        Executions ledger = new Executions(true);
        assertNull(ledger.entry(null));
        assertEquals(Executions.Admission.PROCEED, ledger.admit(null));
        assertFalse(ledger.completed(null, false));
        assertSame(ledger.entry("k:a"), ledger.entry("k:a"));
        assertNotSame(ledger.entry("k:a"), ledger.entry("k:b"));
        assertEquals(2, ledger.keys());
    }

    @Test
    void anHonouredKeyReplaysACompletedAnswerAndRefusesARepeatWhileItsWorkIsInProgress() {
        Executions ledger = new Executions(true);
        Executions.Entry charge = ledger.entry("k:1");
        assertEquals(Executions.Admission.PROCEED, ledger.admit(charge));
        ledger.began(charge);
        assertEquals(Executions.Admission.CONFLICT, ledger.admit(charge), "in progress: 409, as Stripe answers");
        assertFalse(ledger.completed(charge, true));
        assertEquals(Executions.Admission.REPLAY, ledger.admit(charge));
        assertTrue(charge.degradedAnswer(), "the stored answer is the first execution's");
        assertEquals(1, ledger.replayed());
        assertEquals(1, ledger.conflicts());
        assertEquals(0, ledger.duplicates());
    }

    @Test
    void aKeyWhoseWorkWasShedOrLetGoStaysFreeForTheRetry() {
        Executions ledger = new Executions(true);
        Executions.Entry charge = ledger.entry("k:1");
        assertEquals(Executions.Admission.PROCEED, ledger.admit(charge)); // then shed by the model: began is not called
        assertEquals(Executions.Admission.PROCEED, ledger.admit(charge));
        ledger.began(charge);
        ledger.ended(charge); // a phase aborted it
        assertEquals(Executions.Admission.PROCEED, ledger.admit(charge));
        assertEquals(0, ledger.conflicts() + ledger.replayed());
    }

    @Test
    void aSizedLatencyAddsItsCostPerKibibyteOfBodyScaledWithTheRest() {
        LatencySpec sized = new LatencySpec.Sized(new LatencySpec.Fixed(Duration.ofMillis(20)), Duration.ofMillis(2));
        SplittableRandom rng = new SplittableRandom(1);
        assertEquals(20_000_000L, ServiceTimes.sampleNanos(sized, 1, rng, 0));
        assertEquals(40_000_000L, ServiceTimes.sampleNanos(sized, 1, rng, 10 * 1024));
        assertEquals(21_000_000L, ServiceTimes.sampleNanos(sized, 1, rng, 512), "fractions of a KiB count");
        assertEquals(120_000_000L, ServiceTimes.sampleNanos(sized, 3, rng, 10 * 1024), "a slow phase slows the size cost too");
        assertEquals(20_000_000L, ServiceTimes.sampleNanos(new LatencySpec.Fixed(Duration.ofMillis(20)), 1, rng, 10 * 1024),
                "an unsized latency ignores the body");
    }

    @Test
    void aSizedLatencyDrawsAsItsBaseDoesSoSeedsKeepTheirMeaning() {
        LatencySpec base = new LatencySpec.LogNormal(Duration.ofMillis(30), Duration.ofMillis(200));
        LatencySpec sized = new LatencySpec.Sized(base, Duration.ofMillis(1));
        SplittableRandom a = new SplittableRandom(7), b = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            assertEquals(ServiceTimes.sampleNanos(base, 1, a) + 4_000_000L, ServiceTimes.sampleNanos(sized, 1, b, 4096), 1.0);
        }
    }

    @Test
    void theModelChargesTheBodyOfEachArrivalOnWaitingAndImmediateService() {
        LatencySpec sized = new LatencySpec.Sized(new LatencySpec.Fixed(Duration.ZERO), Duration.ofMillis(10));
        OverloadModel plain = new OverloadModel(new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, sized, null,
                List.of(PhaseSpec.HEALTHY)), new SplittableRandom(1));
        assertEquals(new Verdict.Admit(20_000_000L), plain.arrive(0, 1, Long.MAX_VALUE, 2048));

        ServerSpec oneWorker = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, sized, null, List.of(PhaseSpec.HEALTHY),
                List.of(), 0, new dev.stampede.scenario.QueueSpec(1, 10, dev.stampede.scenario.QueueSpec.Discipline.FIFO, null,
                Duration.ZERO, false));
        long[] started = new long[1];
        OverloadModel queued = new OverloadModel(oneWorker, new SplittableRandom(1), new OverloadModel.Host() {
            @Override public void started(long attemptId, long tNanos, long serviceNanos) { started[0] = serviceNanos; }
            @Override public void answered(long attemptId, long tNanos, Verdict.Reject answer) {}
        }, 10_000_000L);
        assertEquals(new Verdict.Admit(10_000_000L), queued.arrive(0, 1, Long.MAX_VALUE, 1024));
        assertEquals(Verdict.Queued.INSTANCE, queued.arrive(0, 2, Long.MAX_VALUE, 3 * 1024));
        queued.depart(10_000_000L, 1);
        assertEquals(30_000_000L, started[0], "the waiting request's own body, charged when it starts");
    }
}
