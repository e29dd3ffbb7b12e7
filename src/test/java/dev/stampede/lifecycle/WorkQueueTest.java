package dev.stampede.lifecycle;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.PolicyDef;
import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The work queue alone (seed 004 option 3): events in, effects out, time given by the test. */
class WorkQueueTest {

    private static final long S = 1_000_000_000L;

    private final RunRecorder recorder = new RunRecorder(new RunRecorder.Config("t", S, List.of(), true, 0));
    private final Horizon horizon = new Horizon();
    private final RetrySpec retry = new RetrySpec(100, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO,
            Duration.ZERO, java.util.Set.of(503, 529), java.util.Set.of(), RetrySpec.DEFAULT.retryAfter(),
            RetrySpec.DEFAULT.retryAfterCap(), RetrySpec.DEFAULT.attemptOffset(), null, null);
    private final Lifecycle rules = new Lifecycle(Strategies.policy("none", retry), 0, recorder, horizon, new AtomicLong());
    private final WorkQueue<String> queue = new WorkQueue<>(new PolicyDef.WorkQueue(2, Duration.ofSeconds(120), 1),
            S, 30 * S, o -> o.status() == 503 || o.status() == 529);

    private RequestLifecycle request(long t) {
        return rules.request(null, new SplittableRandom(1), t, t);
    }

    private static WorkQueue.Effect.Send<String> sent(List<WorkQueue.Effect<String>> effects) {
        return assertInstanceOf(WorkQueue.Effect.Send.class, effects.getLast());
    }

    @Test
    void theWorkerSleepsOneSharedBackoffThatDoublesToItsCapAndASuccessSetsBackToBase() {
        var a = queue.submit(0, request(0), "a");
        var send = sent(a.effects());
        long t = 0;
        List<Long> sleeps = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            var sleep = assertInstanceOf(WorkQueue.Effect.Sleep.class,
                    queue.answered(send.entry(), t, AttemptOutcome.status(529), null).getFirst());
            sleeps.add(sleep.untilNanos() - t);
            t = sleep.untilNanos();
            send = sent(queue.sleepOver(0, t));
            assertEquals("a", send.entry().handle(), "back at the tail of an empty queue: taken again at once");
        }
        assertEquals(List.of(1 * S, 2 * S, 4 * S, 8 * S, 16 * S, 30 * S, 30 * S), sleeps, "1 s doubling, at most 30 s");
        var end = assertInstanceOf(WorkQueue.Effect.Ended.class, queue.answered(send.entry(), t, AttemptOutcome.status(200), null).getFirst());
        assertTrue(end.end().succeeded());
        assertEquals(S, queue.backoffNanos(), "any success sets the shared backoff back to 1 s");
    }

    @Test
    void aRequestBackFromTheSleepGoesBehindTheOnesThatCameMeanwhile() {
        var a = queue.submit(0, request(0), "a");
        queue.answered(sent(a.effects()).entry(), 0, AttemptOutcome.status(503), null);
        queue.submit(S / 2, request(S / 2), "b");                     // arrives while the worker sleeps
        var next = sent(queue.sleepOver(0, S));
        assertEquals("b", next.entry().handle(), "FIFO: b was queued before a came back");
        assertEquals(1, queue.queued(), "a waits at the tail");
    }

    @Test
    void aCallerThatLeftKeepsItsPlaceUntilTheWorkerDropsItWithoutAnAttempt() {
        var a = queue.submit(0, request(0), "a");                     // on the wire
        var b = queue.submit(0, request(0), "b");
        var c = queue.submit(0, request(0), "c");
        var refused = assertInstanceOf(WorkQueue.Effect.Ended.class, queue.submit(0, request(0), "d").effects().getFirst());
        assertEquals(FailureReason.QUEUE_FULL, refused.end().failure(), "two places, both taken");
        var left = assertInstanceOf(WorkQueue.Effect.Ended.class, queue.deadline(b.entry(), 120 * S).getFirst());
        assertEquals(FailureReason.LIMITER_WAIT, left.end().failure());
        assertTrue(queue.deadline(sent(a.effects()).entry(), 120 * S).isEmpty(), "on the wire: it ends with its answer");
        assertEquals(2, queue.queued(), "b's place is still taken");
        assertEquals(FailureReason.QUEUE_FULL, assertInstanceOf(WorkQueue.Effect.Ended.class,
                queue.submit(120 * S, request(120 * S), "e").effects().getFirst()).end().failure());
        // a's answer (a success) comes past its deadline: a ends as limiterWait, b is dropped, c's deadline has come too
        var effects = queue.answered(sent(a.effects()).entry(), 121 * S, AttemptOutcome.status(200), null);
        assertEquals(List.of("a limiterWait", "c limiterWait"), effects.stream()
                .map(e -> assertInstanceOf(WorkQueue.Effect.Ended.class, e))
                .map(e -> e.entry().handle() + " " + e.end().failure().key()).toList());
        assertEquals(0, queue.queued());
        assertTrue(queue.idle());
        assertEquals(1L, recorder.finish(S, null, false).attempts(), "no attempt for b or c");
        assertTrue(c.entry().deadlineNanos() == 120 * S);
    }

    @Test
    void aClosedHorizonCutsOffQueuedRequestsAndTheOneASleepingWorkerHolds() {
        var a = queue.submit(0, request(0), "a");
        queue.answered(sent(a.effects()).entry(), 0, AttemptOutcome.status(503), null);  // the worker sleeps holding a
        queue.submit(0, request(0), "b");
        horizon.close(FailureReason.UNFINISHED);
        var ends = queue.close(S / 2);
        assertEquals(List.of("b", "a"), ends.stream().map(e -> assertInstanceOf(WorkQueue.Effect.Ended.class, e))
                .map(e -> e.entry().handle()).toList());
        assertTrue(ends.stream().map(e -> (WorkQueue.Effect.Ended<String>) e).allMatch(e -> e.end().cutOff()
                && e.end().failure() == FailureReason.UNFINISHED));
        assertTrue(queue.sleepOver(0, S).isEmpty(), "no attempt starts after the close");
    }
}
