package dev.stampede.load;

import dev.stampede.lifecycle.Horizon;
import dev.stampede.lifecycle.Lifecycle;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.policy.BlockingConcurrencyLimiter;
import dev.stampede.policy.ConcurrencyLimiter;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.Strategies;
import dev.stampede.run.RunLoop;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bug inside a live request ends that request as internalError, loudly, and nothing else. */
class InternalErrorTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRuntimeExceptionEndsTheRequestAsInternalErrorAndLeavesTheGaugesAndTheLimiterClean() {
        VirtualClock clock = new VirtualClock();
        RunTiming timing = new RunTiming(clock);
        RunRecorder recorder = new RunRecorder(new RunRecorder.Config("bug", SECOND, List.of(), true, 0));
        BlockingConcurrencyLimiter limiter = new BlockingConcurrencyLimiter(
                new ConcurrencyLimiter.Spec(1, 0, Duration.ofSeconds(1)), clock::nanoTime);
        List<RuntimeException> reported = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Exchange buggy = timeout -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("a bug in the transport");
            return AttemptOutcome.status(200);
        };
        LogicalRequest request = new LogicalRequest(timing, buggy,
                new Lifecycle(Strategies.policy("full", RetrySpec.DEFAULT), 0, recorder, new Horizon(), new AtomicLong()),
                SECOND, limiter, reported::add);

        recorder.arrival(0);
        assertFalse(request.run(0, LiveEngine.clientRandom(1), null), "not an interruption: the client goes on");
        recorder.arrival(0);
        assertFalse(request.run(0, LiveEngine.clientRandom(2), null));

        RunResult r = recorder.finish(SECOND, null, false);
        assertEquals(1L, r.requests().failures().get("internalError"), "the failing request, counted");
        assertEquals(1, r.requests().succeeded(), "the next request of the same client ran: the limiter slot came back");
        assertEquals(0, limiter.inFlight(), "the limiter's slot is released");
        RunRecorder.Snapshot after = recorder.snapshot(SECOND);
        assertEquals(0, after.inFlight(), "the aborted attempt left the in-flight gauge");
        assertEquals(0, after.backingOff(), "nobody is left backing off");
        assertEquals(1, reported.size(), "the exception is handed on for the report");
        assertEquals("a bug in the transport", reported.getFirst().getMessage());
        assertEquals(List.of("1 request(s) of bug ended with internalError: the engine failed while running them"
                + " (a bug: please report it with the stack trace above)"), RunLoop.selfCheck(r), "the run exits 1");
    }

    @Test
    void aClosedModelClientKeepsSendingAfterABug() throws Exception {
        VirtualClock clock = new VirtualClock();
        RunTiming timing = new RunTiming(clock);
        RunRecorder recorder = new RunRecorder(new RunRecorder.Config("bug", SECOND, List.of(), true, 0));
        AtomicInteger calls = new AtomicInteger();
        Exchange everyOtherFails = timeout -> {
            int n = calls.incrementAndGet();
            if (n >= 6) timing.endRun();
            if (n % 2 == 1) throw new IllegalArgumentException("bug " + n);
            return AttemptOutcome.status(200);
        };
        LogicalRequest request = new LogicalRequest(timing, everyOtherFails,
                new Lifecycle(Strategies.policy("none", RetrySpec.DEFAULT), 0, recorder, new Horizon(), new AtomicLong()),
                SECOND, null, e -> { });
        ClosedLoad load = new ClosedLoad(new LoadSpec.Closed(1, Duration.ZERO));
        java.util.concurrent.ExecutorService inline = new java.util.concurrent.AbstractExecutorService() {
            @Override public void execute(Runnable command) { command.run(); }
            @Override public void shutdown() {}
            @Override public List<Runnable> shutdownNow() { return List.of(); }
            @Override public boolean isShutdown() { return false; }
            @Override public boolean isTerminated() { return false; }
            @Override public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) { return true; }
        };
        load.start(new LoadDriver.Context(timing, request, recorder, inline, LiveEngine.clientRandom(3), null));
        RunResult r = recorder.finish(SECOND, null, false);
        assertEquals(6, calls.get(), "the client kept sending after each bug, until the run stopped");
        assertEquals(3L, r.requests().failures().get("internalError"));
        assertEquals(3, r.requests().succeeded());
        assertTrue(r.requests().started() >= 6);
    }
}
