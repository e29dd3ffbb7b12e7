package dev.stampede.load;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pacer on a virtual clock: its waits are the schedule, and saturation is counted, never delayed. */
class OpenLoadTest {

    private static final long SECOND = 1_000_000_000L;

    /** Runs tasks on the calling thread, or only collects them when {@code run} is false. */
    private static class InlineExecutor extends AbstractExecutorService {
        final boolean run;
        final List<Runnable> held = new ArrayList<>();

        InlineExecutor(boolean run) { this.run = run; }

        @Override public void execute(Runnable command) {
            if (run) command.run();
            else held.add(command);
        }

        @Override public void shutdown() {}

        @Override public List<Runnable> shutdownNow() { return List.of(); }

        @Override public boolean isShutdown() { return false; }

        @Override public boolean isTerminated() { return false; }

        @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    }

    private static LoadSpec.Open tenPerSecond(int maxInFlight) {
        return new LoadSpec.Open(List.of(new LoadSpec.Stage(Duration.ofSeconds(1), new Rate(10))), maxInFlight);
    }

    private static RunResult pace(OpenLoad load, EngineClock clock, InlineExecutor executor, Exchange exchange) {
        RunRecorder recorder = new RunRecorder(new RunRecorder.Config("none", SECOND, List.of(), false, 10));
        RunTiming timing = new RunTiming(clock);
        RetryPolicy policy = Strategies.policy("none", RetrySpec.DEFAULT);
        LogicalRequest request = new LogicalRequest(timing, exchange, policy, recorder, SECOND);
        load.pace(new LoadDriver.Context(timing, request, recorder, executor, LiveEngine.clientRandom(1), null));
        return recorder.finish(SECOND, null, false);
    }

    @Test
    void thePacerWaitsForEachIntendedStartAndSendsEveryArrival() {
        VirtualClock clock = new VirtualClock();
        long origin = clock.nanoTime();
        OpenLoad load = new OpenLoad(tenPerSecond(100), SECOND);
        RunResult r = pace(load, clock, new InlineExecutor(true), timeout -> AttemptOutcome.status(200));
        List<Long> expected = new ArrayList<>();
        for (int k = 0; k < 10; k++) expected.add(origin + k * SECOND / 10);
        assertEquals(expected, clock.waitedUntil, "one wait per arrival, at origin + k x 100 ms");
        assertEquals(10, r.requests().started());
        assertEquals(10, r.requests().succeeded());
        assertEquals(10, r.attempts());
        assertEquals(10, load.launched());
    }

    @Test
    void aHundredAndFiftyPerSecondForTwoSecondsIsExactlyThreeHundredArrivals() {
        // The live engine's count on a virtual clock: on a real, loaded machine the pacer may lag at the stop.
        OpenLoad load = new OpenLoad(new LoadSpec.Open(List.of(new LoadSpec.Stage(Duration.ofSeconds(2), new Rate(150))), 5000),
                2 * SECOND);
        RunResult r = pace(load, new VirtualClock(), new InlineExecutor(true), timeout -> AttemptOutcome.status(200));
        assertEquals(300, r.requests().started());
        assertEquals(300, load.launched());
    }

    @Test
    void arrivalsBeyondMaxInFlightAreSaturatedNotDelayed() {
        VirtualClock clock = new VirtualClock();
        InlineExecutor neverFinishes = new InlineExecutor(false);
        OpenLoad load = new OpenLoad(tenPerSecond(3), SECOND);
        RunResult r = pace(load, clock, neverFinishes, timeout -> AttemptOutcome.status(200));
        assertEquals(10, clock.waitedUntil.size(), "the pacer kept its schedule: 10 waits");
        assertEquals(3, neverFinishes.held.size(), "maxInFlight=3: three requests launched");
        assertEquals(7, load.saturated());
        assertEquals(10, r.requests().started(), "saturated arrivals still count as started");
        assertEquals(7L, r.requests().failures().get("clientSaturated"));
        assertEquals(0, r.attempts(), "nothing ran yet, nothing was sent");
    }

    /**
     * An exchange that answers 200 at once, with 2 connections and a line as long, all idle: full once 4 requests are
     * coming (handed to a thread that has not started).
     */
    private static Exchange okWithTwoConnections() {
        return new Exchange() {
            @Override public AttemptOutcome send(long timeoutNanos) { return AttemptOutcome.status(200); }

            @Override public boolean connectionsFull(int coming) { return coming >= 4; }
        };
    }

    @Test
    void anArrivalThatFindsTheConnectionsWaitingLineFullIsSaturatedNotSent() {
        VirtualClock clock = new VirtualClock();
        InlineExecutor neverFinishes = new InlineExecutor(false);
        // the client threads never start (a client far behind): the requests handed to them count as waiting
        OpenLoad load = new OpenLoad(tenPerSecond(100), SECOND);
        RunResult r = pace(load, clock, neverFinishes, okWithTwoConnections());
        assertEquals(10, clock.waitedUntil.size(), "the pacer kept its schedule");
        assertEquals(4, neverFinishes.held.size(), "far below maxInFlight (100), the connections' line refused the rest");
        assertEquals(6, load.saturated());
        assertEquals(6L, r.requests().failures().get("clientSaturated"));
    }

    @Test
    void whenTheRateDropsAndTheHeldRequestsEndEveryArrivalIsSentAgain() {
        // 1 s at 20/s that the client cannot serve (no thread starts, the connections' line fills after 4), then 1 s
        // at 5/s: the held requests run and end as the rate drops, and the client must take every later arrival again.
        VirtualClock time = new VirtualClock();
        long recoveryNanos = time.nanoTime() + SECOND;
        var executor = new InlineExecutor(false) {
            boolean recovered;

            @Override public void execute(Runnable command) {
                if (recovered) command.run();
                else held.add(command);
            }

            void recover() {
                recovered = true;
                List<Runnable> ended = new ArrayList<>(held);
                held.clear();
                ended.forEach(Runnable::run);
            }
        };
        EngineClock clock = new EngineClock() {
            @Override public long nanoTime() { return time.nanoTime(); }

            @Override public boolean awaitUntil(long deadlineNanos, StopSignal stop) throws InterruptedException {
                boolean ok = time.awaitUntil(deadlineNanos, stop);
                if (time.nanoTime() - recoveryNanos >= 0 && !executor.recovered) executor.recover();
                return ok;
            }
        };
        LoadSpec.Open upThenDown = new LoadSpec.Open(List.of(new LoadSpec.Stage(Duration.ofSeconds(1), new Rate(20)),
                new LoadSpec.Stage(Duration.ofSeconds(1), new Rate(5))), 100);
        OpenLoad load = new OpenLoad(upThenDown, 2 * SECOND);

        RunResult r = pace(load, clock, executor, okWithTwoConnections());

        assertEquals(25, r.requests().started());
        assertEquals(16, load.saturated(), "only the first second's arrivals past the line: 20 - 4");
        assertEquals(9, load.launched(), "the 4 held and all 5 arrivals after the drop");
        assertEquals(9, r.requests().succeeded());
        assertEquals(List.of(20L, 5L), r.timeline().stream().limit(2).map(RunResult.Interval::arrivals).toList());
        assertEquals(9, r.timeline().get(1).attempts(), "the held 4 went out as the rate dropped, and the 5 new ones");
    }
}
