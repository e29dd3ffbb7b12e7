package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.QueueSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.scenario.SimSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.stampede.sim.SimScenarios.RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The event-driven server model held to queueing theory on long simulated runs (virtual time; each a second or
 * two of real time): Poisson arrivals, no retries (every request succeeds), no network delay.
 */
class QueueingTheoryTest {

    private static final SimSpec NO_DELAY = new SimSpec(new SimSpec.NetworkDelay.Fixed(Duration.ZERO), Duration.ofSeconds(1));

    private static RunResult simulate(double lambda, LatencySpec service, QueueSpec q, Duration length, long seed) {
        ServerSpec server = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, service, null, List.of(PhaseSpec.HEALTHY), List.of(), 0, q);
        LoadSpec.Open load = new LoadSpec.Open(List.of(new LoadSpec.Stage(length, new Rate(lambda))), 1_000_000, LoadSpec.Arrivals.POISSON);
        Scenario s = SimScenarios.scenario(length, seed, load, server, RETRY, NO_DELAY, Duration.ofSeconds(60));
        return new Simulator(s).run(Strategies.policy("full", s.retry()), new RunRecorder(Simulator.recorderConfig(s, "full"))).result();
    }

    /** Time averages over the run's first {@code seconds} (the tail after arrivals stop is left out). */
    private static double meanOf(ServerView v, int seconds, java.util.function.ToDoubleFunction<ServerView.Interval> f) {
        double sum = 0;
        for (int i = 0; i < seconds; i++) sum += f.applyAsDouble(v.timeline().get(i));
        return sum / seconds;
    }

    /** Erlang C: the probability that an arrival waits, c servers, offered load a = λ/μ (a < c). */
    static double erlangC(int c, double a) {
        double term = 1, sum = 1; // k = 0
        for (int k = 1; k < c; k++) {
            term *= a / k;
            sum += term;
        }
        double top = term * a / c * c / (c - a);
        return top / (sum + top);
    }

    @Test
    void theMeanWaitOfAnMmcQueueMatchesErlangCWithinFivePercent() {
        int c = 4;
        double mu = 50, lambda = 160; // 20 ms mean service, utilisation 0.8
        int seconds = 1_500;
        RunResult r = simulate(lambda, new LatencySpec.Exponential(Duration.ofMillis(20)),
                new QueueSpec(c, QueueSpec.UNBOUNDED, QueueSpec.Discipline.FIFO, null, Duration.ZERO, false), Duration.ofSeconds(seconds), 11);
        double expectedWait = erlangC(c, lambda / mu) / (c * mu - lambda);
        // Little's law on the queue alone: mean waiting = λ × mean wait
        double lq = meanOf(r.server(), seconds, ServerView.Interval::queued);
        double measuredWait = lq / (r.requests().started() / (double) seconds);
        assertEquals(expectedWait, measuredWait, 0.05 * expectedWait,
                "Erlang C: " + expectedWait * 1e3 + " ms, simulated " + measuredWait * 1e3 + " ms");
        double utilisation = meanOf(r.server(), seconds, ServerView.Interval::utilisation);
        assertEquals(lambda / (c * mu), utilisation, 0.02, "utilisation = λ / (c μ)");
    }

    @Test
    void littlesLawHoldsBetweenTheServersMeanInSystemAndTheClientsMeanTimeInSystemWithinTwoPercent() {
        int seconds = 800;
        double lambda = 90;
        RunResult r = simulate(lambda, new LatencySpec.LogNormal(Duration.ofMillis(15), Duration.ofMillis(80)),
                new QueueSpec(2, QueueSpec.UNBOUNDED, QueueSpec.Discipline.LIFO, null, Duration.ZERO, false), Duration.ofSeconds(seconds), 12);
        double inSystem = meanOf(r.server(), seconds, i -> i.inService() + i.queued());
        double arrivalRate = r.requests().started() / (double) seconds;
        double timeInSystemSeconds = r.request().mean() / 1e3; // measured by the clients, from each intended start
        assertEquals(arrivalRate * timeInSystemSeconds, inSystem, 0.02 * inSystem,
                "L = " + inSystem + ", λW = " + arrivalRate * timeInSystemSeconds);
    }

    @Test
    void contentionSettlesTheMeanConcurrencyAtItsFixedPoint() {
        int seconds = 800;
        double lambda = 100, s = 0.020, k = 0.002; // λk = 0.2: c = λs / (1 − λk) = 2.5
        RunResult r = simulate(lambda, new LatencySpec.Fixed(Duration.ofMillis(20)),
                new QueueSpec(0, 0, QueueSpec.Discipline.FIFO, null, Duration.ofMillis(2), false), Duration.ofSeconds(seconds), 13);
        double expected = lambda * s / (1 - lambda * k);
        double measured = meanOf(r.server(), seconds, ServerView.Interval::inService);
        assertEquals(expected, measured, 0.05 * expected, "fixed point " + expected + ", simulated " + measured);
    }
}
