package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed scenarios say what the articles say: each policy's parameters, as quoted in the files' comments. */
class SeedScenariosTest {

    static Scenario load(String file) throws Exception {
        return ScenarioLoader.load(Path.of(file), ShippedScenariosTest.STRATEGIES, Map.of());
    }

    static void assertBackoff(PolicyDef p, String strategy, int attempts, Duration base, Duration cap, Set<Integer> retryOn) {
        assertEquals(strategy, p.strategy(), p.name());
        assertEquals(attempts, p.retry().maxAttempts(), p.name() + " attempts");
        assertEquals(base, p.retry().base(), p.name() + " base");
        assertEquals(cap, p.retry().cap(), p.name() + " cap");
        assertEquals(retryOn, p.retry().retryStatuses(), p.name() + " retryOn");
    }

    @Test
    void seed000IsFullJitterWithAGatedThreeTierChain() throws Exception {
        for (String file : List.of("scenarios/seeds/000-full-jitter.yaml", "scenarios/seed-shootout.yaml")) {
            PolicyDef p = load(file).policy("seed-000");
            assertBackoff(p, "full", 5, Duration.ofSeconds(1), Duration.ofSeconds(30), Set.of(500, 502, 503, 504, 529));
            assertTrue(p.retry().retryErrors().isEmpty(), "connection errors are not APIError: not retried");
            assertEquals(RetrySpec.RetryAfterMode.FLOOR, p.retry().retryAfter());
            assertEquals(2, p.fallback().size(), "4.7 -> 4.6 -> gpt-5");
            assertEquals(new PolicyDef.Gate(20, null, "i cannot help with that"), p.qualityGate());
        }
    }

    @Test
    void seed000CallsGpt5OnceUngatedAndRoutesByItsThreeSignalsAtBothTimeScales() throws Exception {
        for (String file : List.of("scenarios/seeds/000-full-jitter.yaml", "scenarios/seeds/000-full-jitter-real.yaml")) {
            Scenario s = load(file);
            PolicyDef p = s.policy("seed-000");
            PolicyDef.Tier gpt = p.fallback().get(1);
            assertEquals(1, gpt.retry().maxAttempts(), "callGPT5 is one call");
            assertTrue(gpt.ownGate() && gpt.gate() == null, "its answer is returned unchecked");
            assertEquals(3, p.routing().streak().count(), "3 consecutive 529s");
            assertEquals(Set.of(529), p.routing().streak().statuses());
            assertEquals(25, p.routing().rate().perThousand(), "> 25 per 1,000");
            assertEquals(1, p.routing().rate().startTier(), "4.6-first");
            assertEquals(0.10, p.routing().failForward().share(), "above ~10 %");
            assertEquals(Duration.ofSeconds(5), s.server().phases().getFirst().retryAfter(), "5-30 s Retry-After");
            assertEquals(Duration.ofSeconds(30), s.server().phases().getFirst().retryAfterUpTo());
            assertEquals(s.server().phases(), s.server().routes().getFirst().phases(), "4.6 was also affected");
            assertEquals(0.030, s.server().phases().get(3).overload(), "the peak hour's 30 per 1,000");
            assertEquals(0.014, s.server().phases().get(3).degraded(), "and its 1.4 % gate rejections");
            assertEquals("additive", s.policy("equal-jitter-000").strategy(), "the article's equal jitter, base·2^n + U(0, base)");
        }
        Scenario real = load("scenarios/seeds/000-full-jitter-real.yaml");
        assertEquals(200_000, real.load() instanceof LoadSpec.Open o ? o.stages().getFirst().rate().perSecond() * 86_400 : 0, 5,
                "200,000 calls a day");
        assertEquals(Duration.ofHours(6), real.server().phases().get(3).at(), "the peak at H+6");
        assertEquals(Duration.ofMinutes(1), real.policy("seed-000").routing().rate().window(), "a rolling minute");
    }

    @Test
    void seed001IsAdditiveJitterOn529OnlyWithTierFallback() throws Exception {
        for (String file : List.of("scenarios/seeds/001-additive.yaml", "scenarios/seed-shootout.yaml")) {
            PolicyDef p = load(file).policy("seed-001");
            assertBackoff(p, "additive", 5, Duration.ofSeconds(1), Duration.ofSeconds(30), Set.of(529));
            assertEquals(Duration.ofSeconds(1), p.retry().additiveJitter());
            assertEquals(2, p.fallback().size(), "opus -> sonnet -> haiku");
        }
    }

    @Test
    void seed002RetriesEveryStatusErrorIncluding400WithAFourSecondFloor() throws Exception {
        for (String file : List.of("scenarios/seeds/002-tenacity.yaml", "scenarios/seed-shootout.yaml")) {
            PolicyDef p = load(file).policy("seed-002");
            assertEquals("none", p.strategy());
            assertEquals(5, p.retry().maxAttempts());
            assertEquals(Duration.ofSeconds(4), p.retry().min(), "tenacity min=4");
            assertEquals(Duration.ofSeconds(60), p.retry().cap(), "tenacity max=60");
            assertTrue(p.retry().retryStatuses().contains(400), "the bug: 400 is retried");
        }
        for (String file : List.of("scenarios/seeds/002-tenacity.yaml", "scenarios/seeds/002-tenacity-real.yaml")) {
            seed002Rows(load(file));
        }
    }

    private static void seed002Rows(Scenario s) {
        PolicyDef bug = s.policy("seed-002");
        assertEquals(null, bug.concurrency(), "the bug isolated: no cap");
        assertTrue(bug.fallback().isEmpty(), "the bug isolated: no fallback");
        assertEquals(Set.of(429, 500, 502, 503, 504, 529), s.policy("seed-002-fixed").retry().retryStatuses());
        assertEquals(50, s.server().concurrency(), "529s start at 50 concurrent requests");
        assertEquals(30, s.policy("seed-002-capped").concurrency().limit(), "cap your app at 30");
        assertTrue(!s.policy("seed-002-capped").concurrency().perAttempt() && s.policy("seed-002-capped-attempt").concurrency().perAttempt());
        assertEquals(6, s.policy("seed-002-sdk").retry().maxAttempts(), "max_retries=5");
        assertEquals(1, s.policy("seed-002-fallback").fallback().size(), "sonnet -> haiku");
        assertEquals(Duration.ofSeconds(60), s.request().timeout());
    }

    @Test
    void seed003IsFullJitterOn429And529WithSixAttemptsCountedFromOne() throws Exception {
        for (String file : List.of("scenarios/seeds/003-retry-after-floor.yaml", "scenarios/seed-shootout.yaml")) {
            PolicyDef p = load(file).policy("seed-003");
            assertBackoff(p, "full", 6, Duration.ofSeconds(1), Duration.ofSeconds(32), Set.of(429, 529));
            assertEquals(1, p.retry().attemptOffset());
            assertEquals(RetrySpec.RetryAfterMode.FLOOR, p.retry().retryAfter());
        }
    }

    @Test
    void seed003sPythonVersionReadsOnly429HintsAndAddsHalfASecondAndItsVariantsKeepThePolicy() throws Exception {
        for (String file : List.of("scenarios/seeds/003-retry-after-floor.yaml", "scenarios/seeds/003-retry-after-floor-real.yaml",
                "scenarios/seed-003-claim.yaml")) {
            Scenario s = load(file);
            PolicyDef ts = s.policy("seed-003");
            assertBackoff(ts, "full", 6, Duration.ofSeconds(1), Duration.ofSeconds(32), Set.of(429, 529));
            assertEquals(Set.of(), ts.retry().retryAfterOn(), file + ": the TypeScript version reads every status's header");
            PolicyDef py = s.policy("seed-003-py");
            assertBackoff(py, "full", 6, Duration.ofSeconds(1), Duration.ofSeconds(32), Set.of(429, 529));
            assertEquals(Set.of(429), py.retry().retryAfterOn(), file);
            assertEquals(Duration.ofMillis(500), py.retry().retryAfterBuffer(), file);
            assertEquals(RetrySpec.RetryAfterMode.IGNORE, s.policy("seed-003-ignore").retry().retryAfter(), file);
            assertEquals(Duration.ofSeconds(60), s.request().timeout(), file + ": the article's 60 s client timeout");
            assertTrue(s.server().rateLimit() != null, file + ": the 429s come from a per-key rate limit");
        }
    }

    @Test
    void seed004CascadesAfterHalfASecondBehindThreeFailureBreakers() throws Exception {
        PolicyDef p = load("scenarios/seed-shootout.yaml").policy("seed-004");
        assertEquals(1, p.retry().maxAttempts(), "one attempt per model");
        assertEquals(Set.of(500, 502, 503, 529), p.retry().retryStatuses());
        assertEquals(Duration.ofMillis(500), p.fallbackPause());
        assertEquals(new PolicyDef.Breaker(3, Duration.ofSeconds(60), 1), p.breaker());
        assertEquals(2, p.fallback().size());
    }

    @Test
    void seed004sScenarioRunsEachOptionAsItsOwnRowWithTheArticlesNumbers() throws Exception {
        for (String file : List.of("scenarios/seeds/004-fixed-pause-breaker.yaml", "scenarios/seeds/004-fixed-pause-breaker-real.yaml")) {
            Scenario s = load(file);
            PolicyDef cascade = s.policy("seed-004-cascade");
            assertEquals(1, cascade.retry().maxAttempts(), "one call per model");
            assertEquals(Set.of(500, 502, 503, 529), cascade.fallbackOnStatuses(), "FALLBACK_ERRORS");
            assertEquals(Set.of(ErrorKind.CONNECT, ErrorKind.RESET, ErrorKind.TIMEOUT), cascade.fallbackOnErrors(), "APIConnectionError");
            assertEquals(Duration.ofMillis(500), cascade.fallbackPause());
            assertEquals(2, cascade.fallback().size(), "opus, sonnet, haiku");
            assertNull(cascade.breaker(), "option 1 has no breaker");

            PolicyDef breaker = s.policy("seed-004-breaker");
            assertEquals(new PolicyDef.Breaker(3, Duration.ofSeconds(60), 1, true), breaker.breaker(), "3 failures, 60 s, half-open admits all");
            assertEquals(Set.of(502, 503, 529), breaker.fallbackOnStatuses());
            assertEquals(Set.of(502, 503, 529), breaker.failureStatuses());
            assertEquals(1, breaker.fallback().size(), "sonnet, haiku");

            PolicyDef queue = s.policy("seed-004-queue");
            assertEquals(new PolicyDef.WorkQueue(50, Duration.ofSeconds(120), 1), queue.workQueue(),
                    "MAX_QUEUE_SIZE, MAX_WAIT_SECONDS from enqueue, one drain loop");
            assertNull(queue.concurrency(), "the work queue's worker is the limit");
            assertEquals(Set.of(503, 529), queue.retry().retryStatuses(), "529 and 503 re-queue, anything else fails");
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(30)), List.of(queue.retry().base(), queue.retry().cap()));

            assertEquals(Set.of(502, 503, 529), s.policy("seed-004-cache").fallbackOnStatuses());
            assertEquals(PolicyDef.LocalAnswer.CACHED, s.policy("seed-004-cache").fallback().getFirst().local());
            assertEquals(Set.of(503, 529), s.policy("seed-004-static").fallbackOnStatuses());
            assertEquals(PolicyDef.LocalAnswer.STATIC, s.policy("seed-004-static").fallback().getFirst().local());
        }
    }

    @Test
    void theShootoutRunsAllFivePoliciesAndTheFourBareStrategies() throws Exception {
        Scenario s = load("scenarios/seed-shootout.yaml");
        assertEquals(List.of("seed-000", "seed-001", "seed-002", "seed-003", "seed-004", "none", "equal", "decorrelated", "full"), s.rows());
        for (PolicyDef.Tier t : s.policy("seed-000").fallback()) {
            assertTrue(s.server().routeFor(t.target()).isPresent(), t.target() + " is served by a route of its own");
        }
    }

    @Test
    void theClaimScenarioRunsFullAndTheArticlesEqualJitterAsTwoHalvesOfOneRun() throws Exception {
        Scenario s = load("scenarios/seed-000-claim.yaml");
        assertEquals(List.of(new PopulationSpec("full", 0.5), new PopulationSpec("equal-jitter-000", 0.5)), s.population());
        PolicyDef equal = s.policy("equal-jitter-000");
        assertEquals("additive", equal.strategy(), "base·2^n + U(0, base)");
        assertEquals(equal.retry().base(), equal.retry().additiveJitter());
        assertEquals(Duration.ofSeconds(30), s.server().phases().getFirst().retryAfterUpTo(), "the 5-30 s header");
        assertEquals(LoadSpec.Arrivals.POISSON, ((LoadSpec.Open) s.load()).arrivals(),
                "Poisson: evenly spaced populations fall into lockstep with the simulator's capacity and favour the first");
    }

    @Test
    void seed001ComparesItsBareBackoffWithOneAttemptAndNoFallback() throws Exception {
        for (String file : List.of("scenarios/seeds/001-additive.yaml", "scenarios/seeds/001-additive-real.yaml")) {
            Scenario s = load(file);
            assertTrue(s.policy("additive").fallback().isEmpty(), "bare: no tiers mixed in");
            assertEquals(1, s.policy("no-retry").retry().maxAttempts());
            assertTrue(s.policy("no-retry").fallback().isEmpty());
            assertEquals(RetrySpec.RetryAfterMode.IGNORE, s.policy("additive").retry().retryAfter(), "the article never reads it");
        }
    }
}
