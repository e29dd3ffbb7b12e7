package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.RetrySpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.scenario.SimSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.stampede.sim.SimScenarios.RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorTest {

    private static Simulator.Outcome simulate(Scenario scenario, String strategy) {
        return new Simulator(scenario).run(Strategies.policy(strategy, scenario.retry()),
                new RunRecorder(Simulator.recorderConfig(scenario, strategy)));
    }

    private static void assertConservation(Simulator.Outcome o, String what) {
        RunResult r = o.result();
        assertEquals(o.attemptsSent(), r.attempts(), what + ": the recorder counts every attempt the clients sent");
        assertEquals(r.attempts(), o.serverReceived(), what + ": every attempt sent reaches the server");
        assertEquals(r.attempts(), r.server().received(), what + ": the server view agrees");
        long cut = r.requests().unfinished() + r.requests().interrupted();
        assertEquals(r.requests().started(), r.requests().succeeded() + r.requests().failed() + cut,
                what + ": started = succeeded + failed + unfinished + interrupted");
        long failures = r.requests().failures().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(r.requests().failed() + cut, failures, what + ": every request that did not succeed has a reason");
        long statuses = r.statuses().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(r.attempts(), statuses, what + ": every attempt ended with a status or an error");
    }

    @Test
    void aHealthyServerGivesAmplificationOneAndEveryRequestSucceeds() {
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(5), 1, SimScenarios.open(500, Duration.ofSeconds(5), 5000),
                SimScenarios.healthy(Duration.ofMillis(20)), RETRY, SimSpec.DEFAULT, Duration.ofSeconds(1));
        for (String strategy : List.of("none", "full")) {
            Simulator.Outcome o = simulate(s, strategy);
            RunResult r = o.result();
            assertEquals(2500, r.requests().started(), "500/s for 5 s");
            assertEquals(1.0, r.amplification(), 0.0, strategy + ": no retries, amplification exactly 1");
            assertEquals(1.0, r.requests().successRate(), 0.0, strategy + ": every request succeeds");
            // 20 ms service plus two 0.5 ms network legs
            assertEquals(21.0, r.request().p50(), 0.05, "request p50 = 21 ms within the histogram's precision");
            assertConservation(o, strategy);
        }
    }

    @Test
    void theSimulatorReadsAPhasesShouldRetryHeaderAsALiveClientDoes() {
        // every call answered 529 with x-should-retry: false: sdk obeys the header, full does not read it
        PhaseSpec refuse = new PhaseSpec(Duration.ZERO, 1.0, 1, null, Map.of(), 0, 0, 1, 0,
                new PhaseSpec.Hints(Duration.ofMillis(1), false, false, java.util.Set.of(529)));
        ServerSpec server = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, new LatencySpec.Fixed(Duration.ofMillis(5)),
                null, List.of(refuse));
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(2), 5, SimScenarios.open(100, Duration.ofSeconds(2), 5000),
                server, RETRY, SimSpec.DEFAULT, Duration.ofSeconds(1));
        assertEquals(1.0, simulate(s, "sdk").result().amplification(), 0.0, "sdk: x-should-retry: false, one attempt each");
        assertTrue(simulate(s, "full").result().amplification() > 2, "full retries every 529 (4 attempts, 1 ms hint floor)");
    }

    @Test
    void attemptsEqualServerArrivalsAndEveryRequestEndsOnceWhateverTheServerDoes() {
        // overload, shedding, forced 529s, 5xx, resets and hangs (which end as client timeouts)
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(6), 7, SimScenarios.open(400, Duration.ofSeconds(6), 200),
                SimScenarios.misbehaving(300), RETRY,
                new SimSpec(new SimSpec.NetworkDelay.Normal(Duration.ofMillis(2), Duration.ofMillis(3)), null),
                Duration.ofMillis(250));
        for (String strategy : Strategies.names().subList(0, 4)) {
            Simulator.Outcome o = simulate(s, strategy);
            assertConservation(o, strategy);
            RunResult r = o.result();
            assertTrue(r.amplification() > 1.0, strategy + ": an overloaded server makes clients retry, got " + r.amplification());
            assertTrue(r.statuses().getOrDefault("timeout", 0L) > 0, strategy + ": hangs end as timeouts: " + r.statuses());
            assertTrue(r.statuses().getOrDefault("reset", 0L) > 0, strategy + ": resets arrive as resets: " + r.statuses());
            assertTrue(r.statuses().getOrDefault("529", 0L) > 0, strategy + ": shed and forced 529s: " + r.statuses());
        }
    }

    @Test
    void aPhaseThatAbortsEverythingInServiceConservesCountsAndAnswersEachAbortedRequestWithA529() {
        // 100/s of LLM-like calls (lognormal p50 1 s, p99 4 s) on an unlimited server; at 3 s a rebalance
        // aborts every call in service: about 100/s × the mean service time (~1.5 s) of them at once
        PhaseSpec rebalance = new PhaseSpec(Duration.ofSeconds(3), 0, 1, null, Map.of(), 0, 0, 1, 1.0);
        PhaseSpec after = new PhaseSpec(Duration.ofMillis(3500), 0, 1, null, Map.of(), 0, 0, 1);
        ServerSpec server = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 1000,
                new LatencySpec.LogNormal(Duration.ofSeconds(1), Duration.ofSeconds(4)), null, List.of(PhaseSpec.HEALTHY, rebalance, after));
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(6), 3, SimScenarios.open(100, Duration.ofSeconds(6), 5000),
                server, RETRY, SimSpec.DEFAULT, Duration.ofSeconds(10));
        for (String strategy : List.of("none", "full")) {
            Simulator.Outcome o = simulate(s, strategy);
            assertConservation(o, strategy);
            RunResult r = o.result();
            long status529 = r.statuses().getOrDefault("529", 0L);
            assertEquals(r.server().forced529(), status529, strategy + ": every 529 the clients saw is an abort the server counted");
            assertTrue(status529 > 100, strategy + ": well over 100 calls are in service at 3 s, got " + status529 + " aborted");
            assertEquals(r.attempts(), r.requests().started() + status529, strategy + ": each aborted call is retried once (and then succeeds)");
        }
    }

    @Test
    void timeNeverMovesBackwardsEvenWhenMessagesOvertakeEachOther() {
        // sd far above the mean: messages sent later often arrive earlier; the event queue throws if time went back
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(3), 3, SimScenarios.open(300, Duration.ofSeconds(3), 5000),
                SimScenarios.misbehaving(200), RETRY,
                new SimSpec(new SimSpec.NetworkDelay.Normal(Duration.ofMillis(1), Duration.ofMillis(40)), null),
                Duration.ofMillis(100));
        Simulator.Outcome o = simulate(s, "decorrelated");
        assertConservation(o, "decorrelated");
        assertTrue(o.events() > 900, "the run processed its events: " + o.events());
        assertTrue(o.endNanos() >= s.duration().toNanos(), "an open run lasts at least its duration");
    }

    @Test
    void theSameScenarioAndSeedGiveTheSameResult() {
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(4), 11, SimScenarios.open(300, Duration.ofSeconds(4), 5000),
                SimScenarios.misbehaving(250), RETRY,
                new SimSpec(new SimSpec.NetworkDelay.Normal(Duration.ofMillis(2), Duration.ofMillis(1)), null),
                Duration.ofMillis(500));
        for (String strategy : List.of("full", "decorrelated")) {
            Simulator.Outcome a = simulate(s, strategy);
            Simulator.Outcome b = simulate(s, strategy);
            assertEquals(a.events(), b.events(), strategy + ": same events");
            assertEquals(SimResults.comparable(a.result()), SimResults.comparable(b.result()), strategy + ": same result");
            Simulator.Outcome c = simulate(s.withSeed(12), strategy);
            assertTrue(!SimResults.comparable(a.result()).equals(SimResults.comparable(c.result())),
                    strategy + ": another seed makes other random choices");
        }
    }

    @Test
    void anOpenRunBeyondMaxInFlightCountsClientSaturatedArrivals() {
        // 200/s into a server that takes 1 s per request: about 200 in flight, the cap is 50
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(3), 5, SimScenarios.open(200, Duration.ofSeconds(3), 50),
                SimScenarios.healthy(Duration.ofSeconds(1)), RETRY, SimSpec.DEFAULT, Duration.ofSeconds(5));
        Simulator.Outcome o = simulate(s, "full");
        RunResult r = o.result();
        assertEquals(600, r.requests().started(), "every arrival counts as started");
        long saturated = r.requests().failures().getOrDefault("clientSaturated", 0L);
        assertTrue(saturated > 400, "most arrivals find 50 in flight, got " + saturated);
        assertEquals(r.requests().started() - saturated, r.attempts(), "saturated arrivals are never sent");
        assertConservation(o, "full");
    }

    @Test
    void aHerdOfNClientsMakingKRequestsEachStartsNTimesKAndReportsItsCompletionTime() {
        Scenario s = SimScenarios.scenario(Duration.ofMinutes(1), 2, new LoadSpec.Herd(30, 4),
                SimScenarios.healthy(Duration.ofMillis(10)), RETRY, SimSpec.DEFAULT, Duration.ofSeconds(1));
        Simulator.Outcome o = simulate(s, "equal");
        RunResult r = o.result();
        assertEquals(120, r.requests().started(), "30 clients × 4 requests");
        assertEquals(120, r.requests().succeeded());
        // back to back: 4 × (10 ms + 2 × 0.5 ms)
        assertEquals(0.044, r.completionSeconds(), 1e-9, "the last request ends at 44 ms");
        assertEquals(44_000_000L, o.endNanos());
    }

    @Test
    void aClosedRunIsLabelledClosedLoopAndEachClientWaitsItsThinkTime() {
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(1), 2, new LoadSpec.Closed(10, Duration.ofMillis(79)),
                SimScenarios.healthy(Duration.ofMillis(20)), RETRY, SimSpec.DEFAULT, Duration.ofSeconds(1));
        RunResult r = simulate(s, "full").result();
        assertTrue(r.closedLoop(), "closed-loop results are labelled so");
        // each cycle is 21 ms of request plus 79 ms of thought: starts at 0, 100, …, 900 ms
        assertEquals(100, r.requests().started(), "10 clients × 10 cycles in 1 s");
    }

    @Test
    void withoutAGracefulStopRequestsWaitingToRetryWhenTheLoadStopsEndAsUnfinished() {
        // every attempt is shed at the 2 s mark and beyond, and the clients back off for about 2 s
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(3), 4, SimScenarios.open(100, Duration.ofSeconds(3), 5000),
                SimScenarios.misbehaving(1), RETRY, SimSpec.DEFAULT, Duration.ofSeconds(1)).withGracefulStop(Duration.ZERO);
        Simulator.Outcome o = simulate(s, "none");
        RunResult r = o.result();
        assertTrue(o.endedAtStop() > 0, "some requests were waiting to retry at the stop");
        assertEquals(o.endedAtStop(), r.requests().unfinished(), "they end as unfinished");
        assertTrue(o.endNanos() < s.duration().toNanos() + s.request().timeout().toNanos() + 1,
                "attempts on the wire finish within their timeout after the stop");
        assertConservation(o, "none");
    }

    @Test
    void aCancelledRunStopsAtOnceAndIsMarkedPartial() {
        // 10,000 requests, about 40,000 events: the watch is asked after 16,384 and says stop
        Scenario s = SimScenarios.scenario(Duration.ofSeconds(5), 1, SimScenarios.open(2000, Duration.ofSeconds(5), 5000),
                SimScenarios.healthy(Duration.ofMillis(20)), RETRY, SimSpec.DEFAULT, Duration.ofSeconds(1));
        java.util.concurrent.atomic.AtomicLong seenNanos = new java.util.concurrent.atomic.AtomicLong(-1);
        Simulator.Outcome o = new Simulator(s).run(Strategies.policy("full", s.retry()),
                new RunRecorder(Simulator.recorderConfig(s, "full")), new Simulator.Watch(() -> true, seenNanos::set));
        assertTrue(o.result().partial(), "a cancelled run is partial");
        assertEquals(Simulator.Watch.EVERY_EVENTS, o.events(), "it stopped at the first look");
        assertTrue(seenNanos.get() > 0 && seenNanos.get() < s.duration().toNanos(), "the watch saw the virtual time: " + seenNanos);
        assertTrue(o.result().requests().started() < 10_000, "not every request started: " + o.result().requests().started());
    }

    @Test
    void everyOccClientSucceedsOnceAndTheWorkIsItsWriteCalls() {
        Scenario s = SimScenarios.aws(25, 9);
        for (String strategy : Strategies.names().subList(0, 4)) {
            Simulator.Outcome o = simulate(s, strategy);
            RunResult r = o.result();
            assertEquals(25, r.requests().succeeded(), strategy + ": every client succeeds once");
            assertEquals(0, r.requests().failed(), strategy);
            assertEquals(r.attempts(), r.server().received(), strategy + ": one write call per attempt");
            assertEquals(25, r.server().admitted(), strategy + ": 25 writes succeeded");
            assertEquals(r.attempts() - 25, r.server().errors().getOrDefault(409, 0L), strategy + ": the rest were conflicts");
            assertEquals(r.attempts() - 25, r.statuses().getOrDefault("409", 0L), strategy + ": the clients saw them as 409");
            assertTrue(r.completionSeconds() >= 0.04 - 0.02, strategy + ": at least two round trips, got " + r.completionSeconds());
        }
    }

    @Test
    void aRetryBudgetAndACircuitBreakerFailRequestsAsTheLiveEngineDoes() {
        RetrySpec aws = SimScenarios.AWS_RETRY;
        RetrySpec budgeted = new RetrySpec(aws.maxAttempts(), aws.base(), aws.cap(), aws.min(), aws.additiveJitter(),
                aws.retryStatuses(), aws.retryErrors(), aws.retryAfter(), aws.retryAfterCap(), aws.attemptOffset(),
                new RetrySpec.BudgetSpec(0.1, 2), null);
        RetrySpec breaker = new RetrySpec(aws.maxAttempts(), aws.base(), aws.cap(), aws.min(), aws.additiveJitter(),
                aws.retryStatuses(), aws.retryErrors(), aws.retryAfter(), aws.retryAfterCap(), aws.attemptOffset(),
                null, new RetrySpec.BreakerSpec(3, Duration.ofSeconds(60)));
        Scenario plain = SimScenarios.aws(40, 5);
        long unlimitedAttempts = simulate(plain, "full").result().attempts();

        Simulator.Outcome b = simulate(withRetry(plain, budgeted), "full");
        assertConservation(b, "budget");
        long budgetFailures = b.result().requests().failures().getOrDefault("budget", 0L);
        assertTrue(budgetFailures > 0, "40 clients on one record with 2 retry tokens each: some run dry, got " + b.result().requests());
        assertTrue(b.result().attempts() < unlimitedAttempts,
                "the budget saves work: " + b.result().attempts() + " < " + unlimitedAttempts);

        Simulator.Outcome c = simulate(withRetry(plain, breaker), "full");
        assertConservation(c, "breaker");
        assertTrue(c.result().requests().failures().getOrDefault("circuitOpen", 0L) > 0,
                "three conflicts in a row open the shared breaker for 60 s: " + c.result().requests());
    }

    private static Scenario withRetry(Scenario s, RetrySpec retry) {
        return new Scenario(s.name(), s.description(), s.duration(), s.seed(), s.target(), s.request(), s.load(), s.server(),
                retry, s.strategies(), s.thresholds(), s.sim(), s.source(), s.sha256());
    }

    /**
     * The AWS blog's published ordering at 100 clients, on its robust parts, each figure the mean of 10 seeds
     * (the blog averaged 100 runs; single runs of the completion time are noisy).
     */
    @Test
    void theAwsExperimentReproducesThePublishedOrderingAt100Clients() {
        Map<String, double[]> mean = new LinkedHashMap<>();
        int seeds = 10;
        for (String strategy : List.of("none", "equal", "decorrelated", "full")) {
            double calls = 0, seconds = 0;
            for (long seed = 1; seed <= seeds; seed++) {
                RunResult r = simulate(SimScenarios.aws(100, seed), strategy).result();
                assertEquals(100, r.requests().succeeded(), strategy + " seed " + seed + ": every client succeeds");
                calls += r.attempts();
                seconds += r.completionSeconds();
            }
            mean.put(strategy, new double[] {calls / seeds, seconds / seeds});
        }
        String table = SimResults.table(mean);
        double[] none = mean.get("none"), equal = mean.get("equal"), decorrelated = mean.get("decorrelated"), full = mean.get("full");
        for (String other : List.of("equal", "decorrelated", "full")) {
            assertTrue(none[0] > mean.get(other)[0], "no jitter does the most work (vs " + other + ")\n" + table);
            assertTrue(none[1] > mean.get(other)[1], "no jitter takes the most time (vs " + other + ")\n" + table);
        }
        assertTrue(full[0] < decorrelated[0], "full jitter does less work than decorrelated\n" + table);
        assertTrue(equal[1] > full[1], "equal jitter takes longer than full\n" + table);
    }
}
