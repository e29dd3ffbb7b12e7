package dev.stampede.lifecycle;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.policy.FallbackChain;
import dev.stampede.policy.FallbackOn;
import dev.stampede.policy.PolicyGates;
import dev.stampede.policy.PolicySpec;
import dev.stampede.policy.Refusal;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle alone: events in, actions out, no engine. */
class RequestLifecycleTest {

    private static final long MS = 1_000_000L;

    private final RunRecorder recorder = new RunRecorder(new RunRecorder.Config("t", 1000 * MS, List.of(), true, 0));
    private final Horizon horizon = new Horizon();
    private final AtomicLong ids = new AtomicLong();
    private final Lifecycle rules = new Lifecycle(Strategies.policy("full", RetrySpec.DEFAULT), 0, recorder, horizon, ids);

    private RequestLifecycle request(long t) {
        return rules.request(null, new SplittableRandom(1), t, t);
    }

    @Test
    void aRetryableFailureWaitsThenSendsTheNextAttemptWithTheNextRunUniqueId() {
        RequestLifecycle a = request(0);
        RequestLifecycle b = request(0);
        var first = assertInstanceOf(RequestLifecycle.Action.Send.class, a.start(0));
        var other = assertInstanceOf(RequestLifecycle.Action.Send.class, b.start(0));
        assertEquals(List.of(0L, 1L), List.of(first.attemptId(), other.attemptId()), "ids are unique over the run");
        assertEquals(1, first.attempt());
        var wait = assertInstanceOf(RequestLifecycle.Action.Wait.class, a.answered(5 * MS, AttemptOutcome.status(503), null));
        assertEquals(RequestLifecycle.Action.Wait.Why.BACKOFF, wait.why());
        assertTrue(wait.untilNanos() >= 5 * MS, "a backoff waits from the answer on");
        var second = assertInstanceOf(RequestLifecycle.Action.Send.class, a.timerFired(wait.untilNanos()));
        assertEquals(2, second.attempt());
        assertEquals(2L, second.attemptId());
        var end = assertInstanceOf(RequestLifecycle.Action.End.class, a.answered(wait.untilNanos() + MS, AttemptOutcome.status(200), null));
        assertTrue(end.succeeded());
        assertTrue(a.done());
    }

    @Test
    void aClosedHorizonCutsOffAWaitingRequestAndEndsRetriesWithItsReason() {
        RequestLifecycle waiting = request(0);
        RequestLifecycle onWire = request(0);
        waiting.start(0);
        onWire.start(0);
        assertInstanceOf(RequestLifecycle.Action.Wait.class, waiting.answered(MS, AttemptOutcome.status(503), null));
        horizon.close(FailureReason.UNFINISHED);
        var cut = assertInstanceOf(RequestLifecycle.Action.End.class, waiting.cutOff(2 * MS));
        assertEquals(FailureReason.UNFINISHED, cut.failure());
        assertTrue(cut.cutOff());
        var noRetry = assertInstanceOf(RequestLifecycle.Action.End.class, onWire.answered(3 * MS, AttemptOutcome.status(503), null));
        assertEquals(FailureReason.UNFINISHED, noRetry.failure(), "an answer after the close is not retried");
        assertTrue(noRetry.cutOff());
        RunResult r = recorder.finish(1000 * MS, null, false);
        assertEquals(2L, r.requests().failures().get("unfinished"));
        assertEquals(0L, r.requests().failed(), "unfinished requests did not fail");
        assertTrue(Double.isNaN(r.requests().successRate()), "no request concluded: the success rate is undefined, not 0");
        assertEquals(0, recorder.snapshot(1000 * MS).backingOff(), "the cut wait left the backing-off gauge");
    }

    @Test
    void aRequestInterruptedAfterACancellationEndsAsInterruptedAndOneAbandonedAfterTheGraceAsUnfinished() {
        RequestLifecycle waiting = request(0);
        waiting.start(0);
        assertInstanceOf(RequestLifecycle.Action.Wait.class, waiting.answered(MS, AttemptOutcome.status(503), null));
        horizon.close(FailureReason.INTERRUPTED);
        var interrupted = assertInstanceOf(RequestLifecycle.Action.End.class, waiting.interrupted(2 * MS));
        assertEquals(FailureReason.INTERRUPTED, interrupted.failure());

        Horizon graceOver = new Horizon();
        graceOver.close(FailureReason.UNFINISHED);
        Lifecycle rules = new Lifecycle(Strategies.policy("none", RetrySpec.DEFAULT), 0, recorder, graceOver, ids);
        RequestLifecycle onWire = rules.request(null, new SplittableRandom(1), 0, 0);
        onWire.start(0);
        var abandoned = assertInstanceOf(RequestLifecycle.Action.End.class, onWire.abandoned(3 * MS));
        assertEquals(FailureReason.UNFINISHED, abandoned.failure(), "the drain abandoned it after the graceful stop");

        RunResult r = recorder.finish(1000 * MS, null, false);
        assertEquals(1L, r.requests().interrupted());
        assertEquals(1L, r.requests().unfinished());
        assertEquals(0L, r.requests().failed());
    }

    @Test
    void theLimitersReasonsAreTheLifecyclesForBothEngines() {
        var full = assertInstanceOf(RequestLifecycle.Action.End.class, request(0).limiterRefused(0, Refusal.QUEUE_FULL));
        var waitedOut = assertInstanceOf(RequestLifecycle.Action.End.class, request(0).limiterRefused(7 * MS, Refusal.LIMITER_WAIT));
        assertEquals(FailureReason.QUEUE_FULL, full.failure());
        assertEquals(FailureReason.LIMITER_WAIT, waitedOut.failure());
        assertEquals(0, ids.get(), "nothing was sent");
    }

    @Test
    void anEventTheStateDoesNotExpectIsABugNotASilentNoOp() {
        RequestLifecycle r = request(0);
        assertThrows(IllegalStateException.class, () -> r.answered(0, AttemptOutcome.status(200), null), "nothing on the wire");
        assertThrows(IllegalStateException.class, () -> r.timerFired(0), "no wait pending");
        r.start(0);
        r.answered(MS, AttemptOutcome.status(200), null);
        assertThrows(IllegalStateException.class, () -> r.failed(2 * MS), "already ended");
    }

    /** Gates with a chain of {@code /b}, then {@code tiers}, moving on at once for 529 and connection errors. */
    private static PolicyGates cascade(FallbackOn fallbackOn, FallbackChain.TierSpec... tiers) {
        List<FallbackChain.TierSpec> chain = new java.util.ArrayList<>(List.of(FallbackChain.TierSpec.of("/b")));
        chain.addAll(List.of(tiers));
        return PolicyGates.forRun(PolicySpec.NONE.withChain(chain).withFallbackOn(fallbackOn), "/a");
    }

    @Test
    void aFailureOfFallbackOnMovesToTheNextTierAtOnceWhereRetryOnAloneWouldRetryOnTheTier() {
        FallbackOn on = new FallbackOn(Set.of(529), Set.of(ErrorKind.CONNECT));
        RequestLifecycle r = rules.request(cascade(on), new SplittableRandom(1), 0, 0);
        var first = assertInstanceOf(RequestLifecycle.Action.Send.class, r.start(0));
        assertEquals(0, first.tier());
        var moved = assertInstanceOf(RequestLifecycle.Action.Send.class, r.answered(MS, AttemptOutcome.status(529), null),
                "529 is retried by retryOn, but fallbackOn moves on first, without a backoff");
        assertEquals(1, moved.tier());
        var backoff = assertInstanceOf(RequestLifecycle.Action.Wait.class, r.answered(2 * MS, AttemptOutcome.status(503), null),
                "503 is not in fallbackOn: retried on its tier");
        assertEquals(RequestLifecycle.Action.Wait.Why.BACKOFF, backoff.why());
        var again = assertInstanceOf(RequestLifecycle.Action.Send.class, r.timerFired(backoff.untilNanos()));
        assertEquals(1, again.tier());
        var end = assertInstanceOf(RequestLifecycle.Action.End.class,
                r.answered(backoff.untilNanos() + MS, AttemptOutcome.error(ErrorKind.CONNECT), null));
        assertEquals(FailureReason.EXHAUSTED, end.failure(), "a connection error moves on, and no tier is left");
    }

    @Test
    void aStaticTierAnswersLocallyWithoutAnAttemptAndTheRequestEndsDegradedNotSucceededNorFailed() {
        FallbackOn on = new FallbackOn(Set.of(529), Set.of());
        RequestLifecycle r = rules.request(cascade(on, FallbackChain.TierSpec.local(FallbackChain.LocalAnswer.STATIC)),
                new SplittableRandom(1), 0, 0);
        recorder.arrival(0);
        r.start(0);
        r.answered(MS, AttemptOutcome.status(529), null);
        var end = assertInstanceOf(RequestLifecycle.Action.End.class, r.answered(3 * MS, AttemptOutcome.status(529), null));
        assertTrue(end.degraded());
        assertEquals(2, end.servedByTier());
        assertEquals(false, end.succeeded());
        RunResult.Requests requests = recorder.finish(10 * MS, null, false).requests();
        assertEquals(List.of(1L, 0L, 0L), List.of(requests.degraded(), requests.succeeded(), requests.failed()));
        assertEquals(2, recorder.finish(10 * MS, null, false).attempts(), "the static answer is no attempt");
        assertEquals(1.0, requests.degradedShare());
    }
}
