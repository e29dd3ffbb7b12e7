package dev.stampede.server;

import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.RouteSpec;
import dev.stampede.scenario.ServerSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes on a virtual clock: a primary model that overloads beside a fallback model with room. */
class RoutedModelTest {

    static final long MS = 1_000_000L;
    static final LatencySpec FIXED = new LatencySpec.Fixed(Duration.ofMillis(20));

    static ServerSpec primaryAndFallback(double fallbackDegraded) {
        PhaseSpec everything529 = new PhaseSpec(Duration.ZERO, 1.0, 1, null, Map.of(), 0, 0, 1);
        return new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, FIXED, null, List.of(), List.of(
                new RouteSpec("/v1/models/primary", null, 0, 0, FIXED, List.of(everything529), 0),
                new RouteSpec("/v1/models/fallback", new Rate(100), 5, 0, FIXED, List.of(), fallbackDegraded)), 0);
    }

    @Test
    void eachPrefixIsDecidedByItsOwnModel() {
        RoutedModel m = new RoutedModel(primaryAndFallback(0), 7);
        for (int i = 0; i < 100; i++) {
            RoutedModel.Arrival a = m.arrive("/v1/models/primary/messages", i * MS);
            assertEquals(0, a.route());
            assertInstanceOf(Verdict.Reject.class, a.verdict(), "the primary forces a 529 on every request");
        }
        RoutedModel.Arrival f = m.arrive("/v1/models/fallback", 100 * MS);
        assertEquals(1, f.route());
        assertInstanceOf(Verdict.Admit.class, f.verdict(), "the fallback has room");
        assertEquals(1, m.inService());
        m.depart(f.route(), 120 * MS);
        assertEquals(0, m.inService());
        assertEquals(-1, m.arrive("/v1/messages", 200 * MS).route(), "no route: the top-level model");
    }

    @Test
    void aRoutesCapacityIsItsOwn() {
        RoutedModel m = new RoutedModel(primaryAndFallback(0), 7);
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            RoutedModel.Arrival a = m.arrive("/v1/models/fallback", 0);
            if (a.verdict() instanceof Verdict.Admit) {
                admitted++;
                m.depart(a.route(), 0);
            }
        }
        assertEquals(5, admitted, "a burst of 5 tokens at t=0, then shedding");
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(Verdict.Admit.class, m.arrive("/other", 0).verdict(), "the unlimited top-level model is untouched");
        }
    }

    @Test
    void degradedAnswersComeWithTheirProbability() {
        RoutedModel m = new RoutedModel(primaryAndFallback(0.2), 11);
        int degraded = 0, n = 20_000;
        for (int i = 0; i < n; i++) {
            RoutedModel.Arrival a = m.arrive("/v1/models/fallback", i * 20 * MS);
            if (a.verdict() instanceof Verdict.Admit) m.depart(a.route(), i * 20 * MS);
            if (a.degraded()) degraded++;
        }
        double share = degraded / (double) n;
        assertEquals(0.2, share, 0.01, "degraded share over " + n + " admitted requests, ±0.01 (about 3.5 standard errors)");
    }

    @Test
    void aQueuedRequestDrawsItsDegradedAnswerWhenAdmittedLikeOneThatStartsAtOnce() {
        ServerSpec oneWorker = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, FIXED, null, List.of(), List.of(), 0.3,
                new dev.stampede.scenario.QueueSpec(1, dev.stampede.scenario.QueueSpec.UNBOUNDED,
                        dev.stampede.scenario.QueueSpec.Discipline.FIFO, null, Duration.ZERO, false));
        RoutedModel m = new RoutedModel(oneWorker, new SplittableRandom(3), 3);
        int queued = 0, degraded = 0, n = 20_000;
        for (int i = 0; i < n; i++) {
            RoutedModel.Arrival a = m.arrive(-1, 0, i, Long.MAX_VALUE);
            if (a.verdict() instanceof Verdict.Queued) queued++;
            if (a.degraded()) degraded++;
        }
        assertEquals(n - 1, queued, "one worker: the first starts, every other request waits");
        assertEquals(0.3, degraded / (double) n, 0.011, "degraded share over " + n + " admitted requests, queued ones included "
                + "(±0.011, about 3.5 standard errors)");
    }

    @Test
    void withoutRoutesItDecidesExactlyAsALoneOverloadModel() {
        ServerSpec spec = new ServerSpec(ServerSpec.Model.CAPACITY, new Rate(50), 3, 0, new LatencySpec.Uniform(Duration.ofMillis(1),
                Duration.ofMillis(9)), null, List.of(new PhaseSpec(Duration.ZERO, 0.1, 1, null, Map.of(500, 0.1), 0, 0, 1)));
        RoutedModel routed = new RoutedModel(spec, 5);
        OverloadModel lone = new OverloadModel(spec, new SplittableRandom(5));
        for (int i = 0; i < 1000; i++) {
            Verdict a = routed.arrive("/x", i * MS).verdict(), b = lone.arrive(i * MS);
            assertEquals(b, a, "arrival " + i);
            if (a instanceof Verdict.Admit) {
                routed.depart(-1, i * MS);
                lone.depart(i * MS);
            }
        }
    }
}
