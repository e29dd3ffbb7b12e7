package dev.stampede.server;

import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.QueueSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.ServerSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event-driven server model (workers, waiting room, contention, abandonment) on a virtual clock: times are arguments. */
class QueueingModelTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final long NEVER = Long.MAX_VALUE;

    /** What the model told its host, in order. */
    static final class Log implements OverloadModel.Host {
        final List<String> events = new ArrayList<>();

        @Override public void started(long id, long t, long service) { events.add("start " + id + " at " + t / MS + " for " + service / MS); }

        @Override public void answered(long id, long t, Verdict.Reject a) { events.add(a.cause() + " " + id + " at " + t / MS + " " + a.status()); }
    }

    private static ServerSpec server(Rate capacity, QueueSpec q, long serviceMs, PhaseSpec... phases) {
        return new ServerSpec(ServerSpec.Model.CAPACITY, capacity, capacity == null ? 0 : 1, 0,
                new LatencySpec.Fixed(Duration.ofMillis(serviceMs)), Duration.ofSeconds(7), List.of(phases.length == 0 ? new PhaseSpec[]{PhaseSpec.HEALTHY} : phases),
                List.of(), 0, q);
    }

    private static QueueSpec queue(int workers, int queue, QueueSpec.Discipline d, Duration timeout, Duration contention, boolean cancel) {
        return new QueueSpec(workers, queue, d, timeout, contention, cancel);
    }

    @Test
    void aRequestFindingEveryWorkerBusyWaitsAndAFreedWorkerTakesTheOldestFirst() {
        Log log = new Log();
        OverloadModel m = new OverloadModel(server(null, queue(1, 10, QueueSpec.Discipline.FIFO, null, Duration.ZERO, false), 100),
                new SplittableRandom(1), log, 10 * MS);
        assertEquals(new Verdict.Admit(100 * MS), m.arrive(0, 1, NEVER));
        assertEquals(Verdict.Queued.INSTANCE, m.arrive(10 * MS, 2, NEVER));
        assertEquals(Verdict.Queued.INSTANCE, m.arrive(20 * MS, 3, NEVER));
        assertEquals(2, m.queued());
        assertTrue(m.depart(100 * MS, 1));
        assertEquals(List.of("start 2 at 100 for 100"), log.events);
        m.depart(200 * MS, 2);
        assertEquals(List.of("start 2 at 100 for 100", "start 3 at 200 for 100"), log.events);
        assertEquals(0, m.queued());
    }

    @Test
    void lifoServesTheNewestWaitingRequestFirst() {
        Log log = new Log();
        OverloadModel m = new OverloadModel(server(null, queue(1, 10, QueueSpec.Discipline.LIFO, null, Duration.ZERO, false), 100),
                new SplittableRandom(1), log, 10 * MS);
        m.arrive(0, 1, NEVER);
        m.arrive(10 * MS, 2, NEVER);
        m.arrive(20 * MS, 3, NEVER);
        m.depart(100 * MS, 1);
        assertEquals(List.of("start 3 at 100 for 100"), log.events);
    }

    @Test
    void aFullQueueShedsWithTheUsualRetryAfterAndSpendsNoCapacityToken() {
        // capacity 1/s with a bucket of 1: the first arrival takes the only token
        OverloadModel m = new OverloadModel(server(new Rate(1), queue(1, 0, QueueSpec.Discipline.FIFO, null, Duration.ZERO, false), 100),
                new SplittableRandom(1), OverloadModel.Host.NONE, 10 * MS);
        assertInstanceOf(Verdict.Admit.class, m.arrive(0, 1, NEVER));
        assertEquals(new Verdict.Reject(529, 7 * SECOND, Verdict.Cause.SHED), m.arrive(999 * MS, 2, NEVER), "no room to wait: shed");
        m.depart(1_000 * MS, 1);
        // had the shed request taken the token refilled by 1 s, this one would find the bucket empty
        assertInstanceOf(Verdict.Admit.class, m.arrive(1_000 * MS, 3, NEVER));
    }

    @Test
    void theCapacityBucketIsCheckedAfterFaultsAndBeforeTheQueue() {
        PhaseSpec allForced = new PhaseSpec(Duration.ZERO, 1.0, 1, null, Map.of(), 0, 0, 1);
        OverloadModel forced = new OverloadModel(server(new Rate(1), queue(1, 5, QueueSpec.Discipline.FIFO, null, Duration.ZERO, false), 100, allForced),
                new SplittableRandom(1), OverloadModel.Host.NONE, 10 * MS);
        Verdict v = forced.arrive(0, 1, NEVER);
        assertEquals(Verdict.Cause.FORCED, ((Verdict.Reject) v).cause(), "a forced 529 comes before any queue");
        assertEquals(0, forced.queued());

        OverloadModel bucket = new OverloadModel(server(new Rate(1), queue(1, 5, QueueSpec.Discipline.FIFO, null, Duration.ZERO, false), 100),
                new SplittableRandom(1), OverloadModel.Host.NONE, 10 * MS);
        bucket.arrive(0, 1, NEVER);
        assertEquals(Verdict.Cause.SHED, ((Verdict.Reject) bucket.arrive(1, 2, NEVER)).cause(), "an empty bucket sheds, it does not queue");
        assertEquals(0, bucket.queued());
    }

    @Test
    void aRequestThatWaitedTheQueueTimeoutIsDroppedWithA529OfItsOwnCause() {
        Log log = new Log();
        OverloadModel m = new OverloadModel(server(null, queue(1, 10, QueueSpec.Discipline.LIFO, Duration.ofMillis(50), Duration.ZERO, false), 100),
                new SplittableRandom(1), log, 10 * MS);
        m.arrive(0, 1, NEVER);
        m.arrive(10 * MS, 2, NEVER);
        m.arrive(30 * MS, 3, NEVER);
        m.expire(59 * MS);
        assertEquals(List.of(), log.events, "not yet");
        m.expire(60 * MS);
        assertEquals(List.of("QUEUE_TIMEOUT 2 at 60 529"), log.events);
        assertEquals(1, m.queueTimeouts());
        assertEquals(1, m.queued());
        assertEquals(1, m.series(100 * MS).timeouts(0, 100));
    }

    @Test
    void contentionAddsItsCostPerRequestAlreadyInServiceScaledByTheLatencyFactor() {
        PhaseSpec slow = new PhaseSpec(Duration.ZERO, 0, 1, null, Map.of(), 0, 0, 2);
        OverloadModel m = new OverloadModel(server(null, queue(0, 0, QueueSpec.Discipline.FIFO, null, Duration.ofMillis(5), false), 100, slow),
                new SplittableRandom(1), OverloadModel.Host.NONE, 10 * MS);
        assertEquals(new Verdict.Admit(200 * MS), m.arrive(0, 1, NEVER), "nobody in service: base × 2");
        assertEquals(new Verdict.Admit(210 * MS), m.arrive(1, 2, NEVER), "one in service: + 5 ms × 2");
        assertEquals(new Verdict.Admit(220 * MS), m.arrive(2, 3, NEVER), "two in service: + 2 × 5 ms × 2");
    }

    @Test
    void wastedWorkIsTheWholeServiceOfAttemptsWhoseClientStoppedWaitingFirst() {
        OverloadModel m = new OverloadModel(server(null, queue(1, 10, QueueSpec.Discipline.FIFO, null, Duration.ZERO, false), 100),
                new SplittableRandom(1), OverloadModel.Host.NONE, 1_000 * MS);
        m.arrive(0, 1, 150 * MS);        // served 0..100: in time
        m.arrive(0, 2, 150 * MS);        // waits, served 100..200: its client left at 150
        m.depart(100 * MS, 1);
        m.depart(200 * MS, 2);
        LoadSeries.Snapshot s = m.series(1_000 * MS);
        assertEquals(200 * MS, s.busyNanos(0, 1), 1);
        assertEquals(100 * MS, s.wastedNanos(0, 1), 1, "the whole of the second service, not only the 50 ms after the deadline");
        assertEquals(100 * MS, s.queuedNanos(0, 1), 1, "one request waited 100 ms");
        assertEquals(1_000 * MS, s.workerNanos(0, 1), 1, "one worker for one second");
    }

    @Test
    void cancelAbandonedRemovesAWaitingRequestAndFreesTheWorkerOfOneInService() {
        Log log = new Log();
        OverloadModel m = new OverloadModel(server(null, queue(1, 10, QueueSpec.Discipline.FIFO, null, Duration.ZERO, true), 100),
                new SplittableRandom(1), log, 10 * MS);
        m.arrive(0, 1, 50 * MS);
        m.arrive(0, 2, 40 * MS);
        m.arrive(0, 3, NEVER);
        m.abandon(40 * MS, 2);
        assertFalse(m.holds(2), "waiting request 2 left the queue");
        m.abandon(50 * MS, 1);
        assertEquals(List.of("start 3 at 50 for 100"), log.events, "the freed worker takes request 3, skipping the abandoned 2");
        assertFalse(m.depart(100 * MS, 1), "the cancelled service's end is ignored");
        assertEquals(50 * MS, m.series(200 * MS).wastedNanos(0, 100), 1, "the 50 ms served for a client that left");
    }

    @Test
    void withoutCancelAbandonedTheAbandonedWorkKeepsItsWorker() {
        Log log = new Log();
        OverloadModel m = new OverloadModel(server(null, queue(1, 10, QueueSpec.Discipline.FIFO, null, Duration.ZERO, false), 100),
                new SplittableRandom(1), log, 10 * MS);
        m.arrive(0, 1, 50 * MS);
        m.arrive(0, 2, NEVER);
        m.abandon(50 * MS, 1);
        assertEquals(List.of(), log.events);
        assertTrue(m.depart(100 * MS, 1));
        assertEquals(List.of("start 2 at 100 for 100"), log.events);
    }

    @Test
    void aPhaseAbortIsDecidedAtThePhaseStartAndMoreWorkersTakeWaitingRequests() {
        Log log = new Log();
        PhaseSpec half = new PhaseSpec(Duration.ZERO, 0, 0.5, null, Map.of(), 0, 0, 1);
        PhaseSpec rebalance = new PhaseSpec(Duration.ofSeconds(1), 0, 1, Duration.ofSeconds(3), Map.of(), 0, 0, 1, 1.0);
        OverloadModel m = new OverloadModel(server(null, queue(2, 10, QueueSpec.Discipline.FIFO, null, Duration.ZERO, false), 5_000,
                half, rebalance), new SplittableRandom(1), log, 10 * MS);
        assertInstanceOf(Verdict.Admit.class, m.arrive(0, 1, NEVER), "one of 2 × 0.5 workers");
        assertEquals(Verdict.Queued.INSTANCE, m.arrive(0, 2, NEVER));
        assertEquals(Verdict.Queued.INSTANCE, m.arrive(0, 3, NEVER));
        m.phaseStart(1_000 * MS);
        assertEquals(List.of("FORCED 1 at 1000 529", "start 2 at 1000 for 5000", "start 3 at 1000 for 5000"), log.events,
                "the request in service is aborted at the phase start; two workers then take the waiting ones");
    }

    @Test
    void aServerWithoutTheNewKeysDecidesExactlyAsBefore() {
        ServerSpec plain = new ServerSpec(ServerSpec.Model.CAPACITY, new Rate(50), 3, 4,
                new LatencySpec.LogNormal(Duration.ofMillis(20), Duration.ofMillis(200)), null, List.of(
                PhaseSpec.HEALTHY, new PhaseSpec(Duration.ofMillis(500), 0.2, 0.5, null, Map.of(500, 0.1), 0.05, 0.05, 2)));
        OverloadModel tracked = new OverloadModel(plain, new SplittableRandom(9), new Log(), 10 * MS);
        OverloadModel untracked = new OverloadModel(plain, new SplittableRandom(9));
        for (int i = 0; i < 2_000; i++) {
            long t = i * MS;
            Verdict a = tracked.arrive(t, i, t + 50 * MS);
            Verdict b = untracked.arrive(t);
            assertEquals(b, a, "arrival " + i);
            if (a instanceof Verdict.Admit) {
                tracked.depart(t, i);
                untracked.depart(t);
            }
        }
    }
}
