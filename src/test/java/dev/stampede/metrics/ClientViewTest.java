package dev.stampede.metrics;

import dev.stampede.retry.AttemptOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientViewTest {

    private static final RunResult.Latency NONE = new RunResult.Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, 0);

    private static RunResult.Latency p99(double ms) {
        return new RunResult.Latency(ms / 2, ms, ms, ms, ms, ms / 2, 100);
    }

    @Test
    void aRunIsClientBoundWhenItsLagIsAtLeastHalfOfTheRequestP99AndAboveTheFloor() {
        assertTrue(ClientView.isClientBound(NONE, p99(6), 10), "6 ms of lag in a 10 ms p99");
        assertFalse(ClientView.isClientBound(NONE, p99(4), 10), "4 ms of lag in a 10 ms p99 is less than half");
        assertFalse(ClientView.isClientBound(NONE, p99(0.8), 1.0), "below the 1 ms floor: scheduling noise");
        assertTrue(ClientView.isClientBound(p99(2000), p99(3), 10), "the pacer's lag counts too");
        assertTrue(ClientView.isClientBound(p99(50), NONE, Double.NaN), "lag above the floor and no request measured");
        assertFalse(ClientView.isClientBound(NONE, NONE, Double.NaN), "nothing measured: not client-bound");
    }

    @Test
    void withTheMockAnAttemptLatencyMostlyOutsideItsServiceTimeIsClientBound() {
        assertTrue(ClientView.overheadBound(12, 2), "10 ms of a 12 ms attempt spent outside the mock's 2 ms service");
        assertFalse(ClientView.overheadBound(22, 20), "2 ms of overhead on a 20 ms service time");
        assertFalse(ClientView.overheadBound(0.9, 0.1), "below the 1 ms floor");
        assertFalse(ClientView.overheadBound(12, Double.NaN), "no mock, no comparison");
    }

    @Test
    void attemptsFarPastTheirTimeoutMeanTheClientCouldNotEnforceItsDeadlines() {
        assertTrue(ClientView.lateDeadlines(22_450, 2_000), "22 s attempts with a 2 s timeout");
        assertFalse(ClientView.lateDeadlines(2_015, 2_000), "within the watchdog's precision");
        assertFalse(ClientView.lateDeadlines(50_000, 0), "unknown timeout");
    }

    @Test
    void aRunIsClientBoundWhenStampedeRefusedMoreThanOnePercentOfItsArrivals() {
        assertTrue(ClientView.refusedBound(1_000, 11), "1.1 % refused");
        assertFalse(ClientView.refusedBound(1_000, 10), "exactly 1 % is not more than 1 %");
        assertFalse(ClientView.refusedBound(1_000, 0), "nothing refused");
        assertFalse(ClientView.refusedBound(0, 0), "no arrivals");
        assertEquals("1 %", ClientView.refusedShareText());
    }

    /** A recorder with {@code arrivals} arrivals, {@code refused} of them clientSaturated, the rest 1 ms successes. */
    private static RunResult refusing(boolean live, int arrivals, int refused) {
        RunRecorder rec = new RunRecorder(new RunRecorder.Config("none", 1_000_000_000L, List.of(), false, 100));
        if (live) rec.measuresClient(8);
        for (int i = 0; i < arrivals; i++) {
            long t = i * 1_000_000L;
            rec.arrival(t);
            if (i < refused) {
                rec.saturated(t);
                rec.requestDone(t, dev.stampede.retry.FailureReason.CLIENT_SATURATED, 0, 0);
                continue;
            }
            if (live) rec.pacerLag(t, 10_000L);
            rec.attemptSent(t);
            if (live) rec.attemptLeft(t, 10_000L, 0, false, true);
            rec.attemptDone(t + 1_000_000L, AttemptOutcome.status(200), 1_000_000L);
            rec.requestDone(t + 1_000_000L, null, 1_000_000L, 1_000_000L);
        }
        return rec.finish(1_000_000_000L, null, false);
    }

    @Test
    void refusedArrivalsMakeALiveRunClientBoundThoughItsLagIsSmall() {
        RunResult bound = refusing(true, 200, 3);
        assertTrue(bound.client().lagP99Ms() < ClientView.LAG_FLOOR_MS, "the premise: no lag to speak of");
        assertTrue(bound.client().clientBound(), "3 of 200 arrivals refused: the JSON's client.clientBound");
        assertTrue(bound.clientBound());
        RunResult calm = refusing(true, 200, 2);
        assertFalse(calm.clientBound(), "2 of 200 is 1 %, not more");
    }

    @Test
    void theTimelineCountsRefusedArrivalsInTheIntervalOfTheirIntendedStart() {
        RunRecorder rec = new RunRecorder(new RunRecorder.Config("none", 1_000_000_000L, List.of(), false, 100));
        rec.arrival(100_000_000L);
        rec.saturated(100_000_000L);
        rec.arrival(1_200_000_000L);
        rec.saturated(1_200_000_000L);
        rec.requestDone(1_200_000_000L, dev.stampede.retry.FailureReason.CLIENT_SATURATED, 0, 0);
        rec.arrival(1_300_000_000L);
        rec.saturated(1_300_000_000L);
        RunResult r = rec.finish(2_000_000_000L, null, false);
        assertEquals(List.of(1L, 2L), r.timeline().stream().map(RunResult.Interval::refused).toList(),
                "one refusal in the first second, two in the second (a following requestDone not counted again)");
        assertEquals(3, r.requests().refused());
    }

    @Test
    void refusedArrivalsMakeARunWithoutAClientAccountClientBound() {
        RunResult sim = refusing(false, 200, 3);
        assertNull(sim.client(), "the simulator's recorder carries no client account");
        assertTrue(sim.clientBound(), "the refusal condition needs none");
        assertFalse(refusing(false, 200, 2).clientBound());
    }

    @Test
    void aLiveRecorderCarriesTheClientsAccountAndTheSimulatorsDoesNot() {
        RunRecorder.Config config = new RunRecorder.Config("none", 1_000_000_000L, List.of(), false, 100);
        RunRecorder sim = new RunRecorder(config);
        assertNull(sim.finish(1_000_000_000L, null, false).client(), "no live engine measured the client");

        RunRecorder live = new RunRecorder(config);
        live.measuresClient(8);
        live.arrival(0);
        live.pacerLag(0, 40_000_000L);
        live.attemptSent(0);
        live.attemptLeft(0, 45_000_000L, 30_000_000L, true, true);
        live.attemptDone(50_000_000L, AttemptOutcome.status(200), 50_000_000L);
        live.requestDone(50_000_000L, null, 50_000_000L, 10_000_000L);
        RunResult r = live.finish(1_000_000_000L, null, false);
        ClientView c = r.client();
        assertNotNull(c);
        assertEquals(8, c.connections());
        assertEquals(1, c.connectionWaits());
        assertEquals(45.0, c.sendLag().p99(), 0.1);
        assertEquals(30.0, c.connectionWait().p99(), 0.1);
        assertEquals(40.0, c.pacerLag().p99(), 0.1);
        assertTrue(r.clientBound(), "45 ms of lag in a 50 ms request: the figures are stampede's");
        assertTrue(Double.isNaN(c.serviceMeanMs()), "no mock, no service time");
    }

    @Test
    void shardsAreClientBoundWhenAnyIsAndAddTheirConnections() {
        ClientView calm = new ClientView(10, NONE, p99(1), p99(0), 0, 0, 1, 2, false);
        ClientView late = new ClientView(10, NONE, p99(80), p99(70), 5, 1, 1, 9, true);
        ClientView both = ClientView.ofShards(List.of(calm, late));
        assertEquals(20, both.connections());
        assertTrue(both.clientBound());
        assertEquals(80, both.sendLag().p99());
        assertEquals(6, both.connectionWaits() + both.noConnection());
        java.util.ArrayList<ClientView> withUnknown = new java.util.ArrayList<>(List.of(calm));
        withUnknown.add(null);
        assertNull(ClientView.ofShards(withUnknown), "a shard without an account makes the merge unknown");
    }
}
