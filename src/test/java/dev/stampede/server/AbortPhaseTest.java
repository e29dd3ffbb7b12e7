package dev.stampede.server;

import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ServerSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A phase's {@code abort}: requests in service when it begins are answered 529 at that instant. Virtual time throughout. */
class AbortPhaseTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** Fixed 2 s service, healthy from 0 s, a rebalance at 10 s aborting with {@code p} (Retry-After 5 s), healthy again at 12 s. */
    private static ServerSpec rebalanceAtTenSeconds(double p, int concurrency) {
        return new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, concurrency, new LatencySpec.Fixed(Duration.ofSeconds(2)), null, List.of(
                PhaseSpec.HEALTHY,
                new PhaseSpec(Duration.ofSeconds(10), 0, 1, Duration.ofSeconds(5), Map.of(), 0, 0, 1, p),
                new PhaseSpec(Duration.ofSeconds(12), 0, 1, null, Map.of(), 0, 0, 1)));
    }

    @Test
    void requestsInServiceAtThePhaseStartAreAbortedWithProbabilityOneExactlyAtThatStart() {
        OverloadModel model = new OverloadModel(rebalanceAtTenSeconds(1.0, 0), new SplittableRandom(1));
        assertEquals(new Verdict.Abort(1 * SECOND, 529, 5 * SECOND), model.arrive(9 * SECOND), "admitted at 9 s, aborted 1 s later, at 10 s");
        assertEquals(new Verdict.Abort(1_500 * MS, 529, 5 * SECOND), model.arrive(8_500 * MS), "admitted at 8.5 s, aborted at 10 s");
        assertEquals(new Verdict.Abort(1, 529, 5 * SECOND), model.arrive(10 * SECOND - 1), "admitted 1 ns before: aborted 1 ns later");
    }

    @Test
    void requestsWhoseServiceEndsByThePhaseStartAreNotAborted() {
        OverloadModel model = new OverloadModel(rebalanceAtTenSeconds(1.0, 0), new SplittableRandom(1));
        assertEquals(new Verdict.Admit(2 * SECOND), model.arrive(7 * SECOND), "served 7 s to 9 s");
        assertEquals(new Verdict.Admit(2 * SECOND), model.arrive(8 * SECOND), "served 8 s to exactly 10 s: finished by then");
    }

    @Test
    void requestsAdmittedAtOrAfterThePhaseStartAreNotAffectedByItsAbort() {
        OverloadModel model = new OverloadModel(rebalanceAtTenSeconds(1.0, 0), new SplittableRandom(1));
        assertEquals(new Verdict.Admit(2 * SECOND), model.arrive(10 * SECOND), "admitted exactly at 10 s");
        assertEquals(new Verdict.Admit(2 * SECOND), model.arrive(11 * SECOND), "admitted at 11 s, in service at the 12 s phase start, which aborts nothing");
    }

    @Test
    void anAbortedRequestHoldsItsConcurrencySlotUntilTheCallerDepartsIt() {
        OverloadModel model = new OverloadModel(rebalanceAtTenSeconds(1.0, 1), new SplittableRandom(1));
        assertInstanceOf(Verdict.Abort.class, model.arrive(9 * SECOND));
        assertEquals(1, model.inService(), "the aborted request is in service until its answer");
        assertInstanceOf(Verdict.Reject.class, model.arrive(9_500 * MS), "concurrency 1 is full until the abort at 10 s");
        model.depart(10 * SECOND);
        assertInstanceOf(Verdict.Admit.class, model.arrive(10 * SECOND), "the slot is free again once departed");
    }

    @Test
    void withProbabilityOneHalfAboutHalfOfTheRequestsInServiceAreAborted() {
        // 100,000 admissions at 9 s, each in service at 10 s; tolerance 0.006 on the share (> 3.7 sd for p = 0.5)
        OverloadModel model = new OverloadModel(rebalanceAtTenSeconds(0.5, 0), new SplittableRandom(11));
        int n = 100_000, aborted = 0;
        for (int i = 0; i < n; i++) {
            Verdict v = model.arrive(9 * SECOND + i);
            if (v instanceof Verdict.Abort a) {
                aborted++;
                assertEquals(10 * SECOND, 9 * SECOND + i + a.afterNanos(), "every abort lands exactly at 10 s");
            } else {
                assertEquals(new Verdict.Admit(2 * SECOND), v, "the others complete their service");
            }
            model.depart(9 * SECOND + i);
        }
        assertEquals(0.5, aborted / (double) n, 0.006, "aborted share should be 0.5 ± 0.006; got " + aborted + " of " + n);
    }

    @Test
    void aPhaseWithoutAnAbortDrawsNothingMoreSoEarlierVerdictSequencesAreUnchanged() {
        ServerSpec withoutAbort = rebalanceAtTenSeconds(0, 0);
        ServerSpec lognormal = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0,
                new LatencySpec.LogNormal(Duration.ofMillis(500), Duration.ofSeconds(3)), null, withoutAbort.phases());
        OverloadModel model = new OverloadModel(lognormal, new SplittableRandom(5));
        SplittableRandom reference = new SplittableRandom(5);
        for (int i = 0; i < 1_000; i++) {
            long t = 8 * SECOND + i * 3 * MS;
            reference.nextDouble(); // the fault draw
            long expected = ServiceTimes.sampleNanos(lognormal.latency(), 1, reference);
            assertEquals(new Verdict.Admit(expected), model.arrive(t), "arrival " + i + ": one fault draw, one service draw, nothing else");
            model.depart(t);
        }
    }
}
