package dev.stampede.server;

import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.ServerSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverloadModelTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final LatencySpec INSTANT = new LatencySpec.Fixed(Duration.ZERO);

    private static ServerSpec spec(Rate capacity, int burst, int concurrency, Duration overloadedRetryAfter, PhaseSpec... phases) {
        return new ServerSpec(ServerSpec.Model.CAPACITY, capacity, burst, concurrency, INSTANT, overloadedRetryAfter, List.of(phases));
    }

    private static PhaseSpec phase(long atSeconds, double overload, double capacityFactor, Duration retryAfter) {
        return new PhaseSpec(Duration.ofSeconds(atSeconds), overload, capacityFactor, retryAfter, Map.of(), 0, 0, 1);
    }

    /** Offers {@code perSecond} evenly spaced arrivals for {@code seconds}, departing each admitted one at once. */
    private static Map<String, Integer> offer(OverloadModel model, long fromNanos, double perSecond, double seconds) {
        int admitted = 0, shed = 0, other = 0;
        long gap = Math.round(SECOND / perSecond);
        long n = Math.round(perSecond * seconds);
        for (long i = 0; i < n; i++) {
            long t = fromNanos + i * gap;
            switch (model.arrive(t)) {
                case Verdict.Admit a -> { admitted++; model.depart(t); }
                case Verdict.Reject r when r.cause() == Verdict.Cause.SHED -> shed++;
                default -> other++;
            }
        }
        return Map.of("admitted", admitted, "shed", shed, "other", other);
    }

    @Test
    void twiceTheCapacityOfferedForTenVirtualSecondsShedsAboutHalf() {
        // capacity 100/s, burst 5; 200/s offered (one arrival every 5 ms) for 10 s = 2000 arrivals.
        // Expected: 100/s × 10 s + the initial burst of 5 = 1005 admitted; tolerance ±1 % of the arrivals.
        OverloadModel model = new OverloadModel(spec(new Rate(100), 5, 0, null, PhaseSpec.HEALTHY), new SplittableRandom(1));
        Map<String, Integer> r = offer(model, 0, 200, 10);
        double shedShare = r.get("shed") / 2000.0;
        assertEquals(0.5, shedShare, 0.01, "shed share should be 0.5 ± 0.01, counts " + r);
        assertEquals(2000, r.get("admitted") + r.get("shed"), "every arrival is admitted or shed: " + r);
    }

    @Test
    void offeredLoadBelowCapacityIsNeverShed() {
        OverloadModel model = new OverloadModel(spec(new Rate(100), 1, 0, null, PhaseSpec.HEALTHY), new SplittableRandom(1));
        Map<String, Integer> r = offer(model, 0, 90, 10);
        assertEquals(0, r.get("shed"), "90/s against 100/s should never shed: " + r);
    }

    @Test
    void capacityFactorHalvesTheAdmissionRate() {
        // 100/s capacity at factor 0.5, 200/s offered for 10 s: 50/s admitted, i.e. 500 (+ burst 1) of 2000.
        OverloadModel model = new OverloadModel(spec(new Rate(100), 2, 0, null, phase(0, 0, 0.5, null)), new SplittableRandom(1));
        Map<String, Integer> r = offer(model, 0, 200, 10);
        assertEquals(500, r.get("admitted"), 5, "admitted should be 500 ± 5 at half capacity: " + r);
    }

    @Test
    void aCapacityFactorOfZeroShedsEverything() {
        OverloadModel model = new OverloadModel(spec(new Rate(100), 5, 10, null, phase(0, 0, 0, null)), new SplittableRandom(1));
        assertEquals(0, offer(model, 0, 100, 1).get("admitted"), "factor 0 should admit nothing");
    }

    @Test
    void theConcurrencyLimitShedsUntilARequestDeparts() {
        OverloadModel model = new OverloadModel(spec(null, 0, 3, Duration.ofSeconds(2), PhaseSpec.HEALTHY), new SplittableRandom(1));
        for (int i = 0; i < 3; i++) assertInstanceOf(Verdict.Admit.class, model.arrive(0), "arrival " + i + " fits in 3");
        Verdict fourth = model.arrive(1);
        assertEquals(new Verdict.Reject(529, 2 * SECOND, Verdict.Cause.SHED), fourth, "4th of concurrency 3 is shed with Retry-After 2s");
        assertEquals(3, model.inService());
        model.depart(2);
        assertInstanceOf(Verdict.Admit.class, model.arrive(3), "a departure frees one slot");
        assertInstanceOf(Verdict.Reject.class, model.arrive(4), "and only one");
    }

    @Test
    void capacityFactorScalesTheConcurrencyLimit() {
        OverloadModel model = new OverloadModel(spec(null, 0, 10, null, phase(0, 0, 0.5, null)), new SplittableRandom(1));
        int admitted = 0;
        for (int i = 0; i < 20; i++) if (model.arrive(i) instanceof Verdict.Admit) admitted++;
        assertEquals(5, admitted, "concurrency 10 × factor 0.5 = 5 in service at most");
    }

    @Test
    void aDepartWithoutAnAdmitIsRejected() {
        OverloadModel model = new OverloadModel(ServerSpec.HEALTHY, new SplittableRandom(1));
        assertThrows(IllegalStateException.class, () -> model.depart(0));
    }

    @Test
    void phaseChangesTakeEffectExactlyAtTheirStart() {
        ServerSpec s = spec(null, 0, 0, null, PhaseSpec.HEALTHY, phase(10, 1.0, 1, Duration.ofSeconds(5)), phase(20, 0, 1, null));
        OverloadModel model = new OverloadModel(s, new SplittableRandom(1));
        assertInstanceOf(Verdict.Admit.class, model.arrive(10 * SECOND - 1), "1 ns before 10s: still healthy");
        assertEquals(new Verdict.Reject(529, 5 * SECOND, Verdict.Cause.FORCED), model.arrive(10 * SECOND), "at 10s: forced 529");
        assertEquals(new Verdict.Reject(529, 5 * SECOND, Verdict.Cause.FORCED), model.arrive(20 * SECOND - 1), "1 ns before 20s: still forced");
        assertInstanceOf(Verdict.Admit.class, model.arrive(20 * SECOND), "at 20s: healthy again");
    }

    @Test
    void theForcedRateMatchesItsProbabilityOverManySeededDraws() {
        // 3 % forced over 200,000 arrivals: binomial sd = 0.00038, tolerance 0.0015 (about 4 sd), for 5 seeds.
        for (long seed = 1; seed <= 5; seed++) {
            OverloadModel model = new OverloadModel(spec(null, 0, 0, null, phase(0, 0.03, 1, null)), new SplittableRandom(seed));
            int forced = 0;
            for (int i = 0; i < 200_000; i++) {
                Verdict v = model.arrive(i);
                if (v instanceof Verdict.Reject r && r.cause() == Verdict.Cause.FORCED) {
                    forced++;
                    assertEquals(-1, r.retryAfterNanos(), "no phase retryAfter: forced 529 has no Retry-After");
                } else {
                    model.depart(i);
                }
            }
            assertEquals(0.03, forced / 200_000.0, 0.0015, "forced-529 share for seed " + seed + " should be 0.03 ± 0.0015");
        }
    }

    @Test
    void scriptedErrorsResetsAndHangsHappenAtTheirProbabilities() {
        // reset 0.1, hang 0.05, 500 at 0.2, 503 at 0.05, overload 0.1: 100,000 draws, tolerance 0.006 (> 4 sd for p = 0.5).
        PhaseSpec chaos = new PhaseSpec(Duration.ZERO, 0.1, 1, null, Map.of(500, 0.2, 503, 0.05), 0.1, 0.05, 1);
        OverloadModel model = new OverloadModel(spec(null, 0, 0, Duration.ofSeconds(3), chaos), new SplittableRandom(7));
        Map<String, Integer> counts = new java.util.HashMap<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            String key = switch (model.arrive(i)) {
                case Verdict.Reset r -> "reset";
                case Verdict.Hang h -> "hang";
                case Verdict.Reject r when r.cause() == Verdict.Cause.ERROR -> {
                    assertEquals(-1, r.retryAfterNanos(), "scripted errors carry no Retry-After");
                    yield String.valueOf(r.status());
                }
                case Verdict.Reject r -> "forced";
                case Verdict.Admit a -> { model.depart(i); yield "admit"; }
                case Verdict.Abort a -> throw new AssertionError("no phase aborts, got " + a);
                case Verdict.Queued q -> throw new AssertionError("nothing waits without workers");
            };
            counts.merge(key, 1, Integer::sum);
        }
        Map<String, Double> expected = Map.of("reset", 0.1, "hang", 0.05, "500", 0.2, "503", 0.05, "forced", 0.1, "admit", 0.5);
        expected.forEach((k, p) -> assertEquals(p, counts.getOrDefault(k, 0) / (double) n, 0.006,
                k + " share should be " + p + " ± 0.006; counts " + counts));
    }

    @Test
    void eachFaultKindAlone() {
        OverloadModel reset = new OverloadModel(spec(null, 0, 0, null, new PhaseSpec(Duration.ZERO, 0, 1, null, Map.of(), 1, 0, 1)), new SplittableRandom(1));
        assertEquals(new Verdict.Reset(), reset.arrive(0));
        OverloadModel hang = new OverloadModel(spec(null, 0, 0, null, new PhaseSpec(Duration.ZERO, 0, 1, null, Map.of(), 0, 1, 1)), new SplittableRandom(1));
        assertEquals(new Verdict.Hang(), hang.arrive(0));
        for (int status : new int[] {429, 500, 502, 503, 504}) {
            OverloadModel err = new OverloadModel(spec(null, 0, 0, null, new PhaseSpec(Duration.ZERO, 0, 1, null, Map.of(status, 1.0), 0, 0, 1)), new SplittableRandom(1));
            assertEquals(new Verdict.Reject(status, -1, Verdict.Cause.ERROR), err.arrive(0), "errors {" + status + ": 1}");
        }
        assertEquals(0, reset.inService(), "faults take no concurrency slot");
    }

    @Test
    void retryAfterOnShed529sComesFromThePhaseElseTheServerDefault() {
        ServerSpec s = spec(null, 0, 1, Duration.ofMillis(1500), PhaseSpec.HEALTHY, phase(10, 0, 1, Duration.ofSeconds(5)));
        OverloadModel model = new OverloadModel(s, new SplittableRandom(1));
        model.arrive(0); // fills the only slot
        assertEquals(new Verdict.Reject(529, 1_500 * MS, Verdict.Cause.SHED), model.arrive(1), "server default 1.5s");
        assertEquals(new Verdict.Reject(529, 5 * SECOND, Verdict.Cause.SHED), model.arrive(10 * SECOND), "phase's 5s wins");
        OverloadModel noHeader = new OverloadModel(spec(null, 0, 1, null, PhaseSpec.HEALTHY), new SplittableRandom(1));
        noHeader.arrive(0);
        assertEquals(new Verdict.Reject(529, -1, Verdict.Cause.SHED), noHeader.arrive(1), "neither set: no Retry-After");
    }

    @Test
    void restartingTheClockRefillsTheBucket() {
        OverloadModel model = new OverloadModel(spec(new Rate(10), 3, 0, null, PhaseSpec.HEALTHY), new SplittableRandom(1));
        Map<String, Integer> first = offer(model, 50 * SECOND, 1000, 0.01); // 10 arrivals 1 ms apart: 3 from the burst
        assertEquals(3, first.get("admitted"), "a burst of 3 then nothing within 10 ms at 10/s: " + first);
        model.restartClock();
        Map<String, Integer> again = offer(model, 0, 1000, 0.01);
        assertEquals(3, again.get("admitted"), "after the restart at t=0 the full burst is there again: " + again);
    }

    @Test
    void theSameSeedGivesTheSameVerdicts() {
        PhaseSpec chaos = new PhaseSpec(Duration.ZERO, 0.2, 1, null, Map.of(500, 0.1), 0.05, 0.05, 1);
        ServerSpec s = new ServerSpec(ServerSpec.Model.CAPACITY, new Rate(1000), 10, 50,
                new LatencySpec.LogNormal(Duration.ofMillis(30), Duration.ofMillis(200)), null, List.of(chaos));
        List<Verdict> a = new ArrayList<>(), b = new ArrayList<>();
        OverloadModel ma = new OverloadModel(s, new SplittableRandom(42)), mb = new OverloadModel(s, new SplittableRandom(42));
        for (int i = 0; i < 5000; i++) {
            a.add(ma.arrive(i * MS));
            b.add(mb.arrive(i * MS));
        }
        assertEquals(a, b);
    }

    @Test
    void concurrentCallersNeverExceedTheConcurrencyLimit() throws InterruptedException {
        OverloadModel model = new OverloadModel(spec(null, 0, 8, null, PhaseSpec.HEALTHY), new SplittableRandom(1));
        AtomicInteger inService = new AtomicInteger(), maxSeen = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    if (model.arrive(i) instanceof Verdict.Admit) {
                        maxSeen.accumulateAndGet(inService.incrementAndGet(), Math::max);
                        inService.decrementAndGet();
                        model.depart(i);
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertTrue(maxSeen.get() <= 8, "at most 8 in service at once, saw " + maxSeen.get());
        assertEquals(0, model.inService(), "every admitted request departed");
    }
}
