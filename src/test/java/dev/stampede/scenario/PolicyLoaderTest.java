package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.stampede.scenario.ScenarioLoaderTest.onlyProblem;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyLoaderTest {

    @Test
    void everyPolicyPartIsReadAndItsRetryKeysAreLaidOverTheScenarios() throws ScenarioException {
        Scenario s = parse("""
                load: { rate: 10/s }
                retry: { maxAttempts: 5, base: 1s, cap: 30s, retryOn: [429, 529] }
                policies:
                  seed-000:
                    strategy: equal
                    retry: { retryOn: [500, 529], cap: 20s }
                    budget: { kind: grpc, maxTokens: 20, tokenRatio: 0.5, scope: shared }
                    throttle: { k: 1.5, window: 30s }
                    circuitBreaker: { failures: 4, open: 10s, probes: 2 }
                    concurrency: { limit: 30, queue: 50, maxWait: 120s }
                    fallback: [/v1/models/b, {target: "http://127.0.0.1:9/x", circuitBreaker: {failures: 1, open: 5s}}]
                    fallbackPause: 500ms
                    qualityGate: { minLength: 20, forbidden: "I cannot help with that" }
                    failOn: [500, 529]
                strategies: [seed-000, full]
                """);
        PolicyDef p = s.policy("seed-000");
        assertEquals("equal", p.strategy());
        assertEquals(5, p.retry().maxAttempts(), "maxAttempts comes from the scenario's retry:");
        assertEquals(Duration.ofSeconds(1), p.retry().base());
        assertEquals(Duration.ofSeconds(20), p.retry().cap(), "cap is the policy's own");
        assertEquals(Set.of(500, 529), p.retry().retryStatuses());
        assertEquals(new PolicyDef.Budget.Grpc(20, 0.5, PolicyDef.Scope.SHARED), p.budget());
        assertEquals(new PolicyDef.Throttle(1.5, Duration.ofSeconds(30), PolicyDef.Scope.CLIENT), p.throttle());
        assertEquals(new PolicyDef.Breaker(4, Duration.ofSeconds(10), 2), p.breaker());
        assertEquals(new PolicyDef.Concurrency(30, 50, Duration.ofSeconds(120)), p.concurrency());
        assertEquals(List.of(new PolicyDef.Tier("/v1/models/b", null),
                new PolicyDef.Tier("http://127.0.0.1:9/x", new PolicyDef.Breaker(1, Duration.ofSeconds(5), 1))), p.fallback());
        assertEquals(Duration.ofMillis(500), p.fallbackPause());
        assertEquals(new PolicyDef.Gate(20, null, "I cannot help with that"), p.qualityGate());
        assertEquals(Set.of(500, 529), p.failureStatuses());
        assertEquals(List.of("seed-000", "full"), s.rows());
    }

    @Test
    void aBareStrategyRowIsThePolicyOfTheScenariosRetryBlock() throws ScenarioException {
        Scenario s = parse("""
                load: { rate: 10/s }
                retry: { budget: { ratio: 0.2, burst: 7 }, circuitBreaker: { failures: 2, open: 3s } }
                strategies: [full]
                """);
        PolicyDef p = s.policy("full");
        assertEquals("full", p.name());
        assertEquals("full", p.strategy());
        assertEquals(s.retry(), p.retry());
        assertEquals(new PolicyDef.Budget.TokenBucket(0.2, 7, PolicyDef.Scope.CLIENT), p.budget());
        assertEquals(new PolicyDef.Breaker(2, Duration.ofSeconds(3), 1), p.breaker());
        assertTrue(p.fallback().isEmpty());
        assertEquals(s.retry().retryStatuses(), p.failureStatuses(), "failures default to what is retried");
    }

    @Test
    void everyBudgetKindTakesItsDocumentedDefaults() throws ScenarioException {
        Scenario s = parse("""
                load: { rate: 10/s }
                policies:
                  a: { budget: {} }
                  b: { budget: { kind: grpc } }
                  c: { budget: { kind: aws } }
                  d: { budget: { kind: window } }
                  e: { throttle: {} }
                strategies: [a, b, c, d, e]
                """);
        assertEquals(new PolicyDef.Budget.TokenBucket(0.1, 100, PolicyDef.Scope.CLIENT), s.policy("a").budget());
        assertEquals(new PolicyDef.Budget.Grpc(10, 0.1, PolicyDef.Scope.CLIENT), s.policy("b").budget());
        assertEquals(new PolicyDef.Budget.Aws(500, 5, 10, 1, PolicyDef.Scope.CLIENT), s.policy("c").budget());
        assertEquals(new PolicyDef.Budget.Window(20, 10, Duration.ofSeconds(10), PolicyDef.Scope.CLIENT), s.policy("d").budget());
        assertEquals(new PolicyDef.Throttle(2, Duration.ofMinutes(2), PolicyDef.Scope.CLIENT), s.policy("e").throttle());
        assertEquals("full", s.policy("a").strategy(), "a policy without a strategy uses full jitter");
    }

    @Test
    void aKeyOfAnotherBudgetKindIsAProblemThatNamesTheKindsKeys() {
        ScenarioException.Problem p = onlyProblem("""
                load: { rate: 10/s }
                policies:
                  a: { budget: { kind: grpc, ratio: 0.1 } }
                """);
        assertEquals("s.yaml:3:30: policies.a.budget.ratio: not a key of a grpc budget (expected maxTokens, tokenRatio, kind or scope)",
                p.toString());
    }

    @Test
    void aMistypedPolicyKeySuggestsTheNearest() {
        ScenarioException.Problem p = onlyProblem("""
                load: { rate: 10/s }
                policies:
                  a:
                    circuitBraker: { failures: 3 }
                """);
        assertEquals("s.yaml:4:5: policies.a.circuitBraker: unknown key (did you mean circuitBreaker?)", p.toString());
    }

    @Test
    void aPolicyMayNotTakeAStrategysName() {
        ScenarioException.Problem p = onlyProblem("""
                load: { rate: 10/s }
                policies:
                  full: { strategy: equal }
                """);
        assertTrue(p.toString().startsWith("s.yaml:3:3: policies.full: a policy may not take a strategy's name"), p.toString());
    }

    @Test
    void anUnknownRowNameSuggestsAPolicyAsWellAsAStrategy() {
        ScenarioException.Problem p = onlyProblem("""
                load: { rate: 10/s }
                policies:
                  seed-000: { strategy: full }
                strategies: [seed-00]
                """);
        assertTrue(p.toString().startsWith("s.yaml:4:14: strategies[0]: unknown strategy (did you mean seed-000?)"), p.toString());
    }

    @Test
    void fallbackTargetsArePathsOrUrlsAndAGateNeedsACriterion() {
        List<ScenarioException.Problem> ps = problems("""
                load: { rate: 10/s }
                policies:
                  a:
                    fallback: [models/b, {target: "ftp://x/y"}]
                    qualityGate: {}
                """);
        assertEquals(3, ps.size(), ps::toString);
        assertEquals("s.yaml:4:16: policies.a.fallback[0]: not a path or URL (got models/b; expected a path starting with / or an http(s) URL)",
                ps.get(0).toString());
        assertTrue(ps.get(1).toString().startsWith("s.yaml:4:35: policies.a.fallback[1].target: not a path or URL"), ps.get(1).toString());
        assertTrue(ps.get(2).toString().contains("policies.a.qualityGate: a quality gate needs minLength > 0"), ps.get(2).toString());
    }

    @Test
    void aQueueNeedsAMaxWaitAndAPauseNeedsAChain() {
        List<ScenarioException.Problem> ps = problems("""
                load: { rate: 10/s }
                policies:
                  a:
                    concurrency: { limit: 2, queue: 5 }
                    fallbackPause: 1s
                """);
        assertEquals(2, ps.size(), ps::toString);
        assertEquals("s.yaml:4:18: policies.a.concurrency.maxWait: missing required key (expected a duration > 0: how long a request may wait in the queue)",
                ps.get(0).toString());
        assertEquals("s.yaml:5:5: policies.a.fallbackPause: needs a fallback chain (policies.a.fallback)", ps.get(1).toString());
    }

    @Test
    void fallbackOnLocalTiersAndAHalfOpenBreakerThatAdmitsAllAreRead() throws ScenarioException {
        Scenario s = parse("""
                load: { rate: 10/s }
                policies:
                  cascade:
                    circuitBreaker: { failures: 3, open: 60s, halfOpen: all }
                    fallbackOn: [529, 503, connect]
                    failOnErrors: [timeout]
                    fallback: [/v1/b, { answer: cached }]
                  canned: { fallback: [{ answer: static }] }
                strategies: [cascade, canned]
                """);
        PolicyDef p = s.policy("cascade");
        assertEquals(Set.of(503, 529), p.fallbackOnStatuses());
        assertEquals(Set.of(ErrorKind.CONNECT), p.fallbackOnErrors());
        assertEquals(Set.of(ErrorKind.TIMEOUT), p.failureErrors());
        assertNull(s.policy("canned").failureErrors(), "by default every client error counts");
        assertEquals(new PolicyDef.Breaker(3, Duration.ofSeconds(60), 1, true), p.breaker());
        assertEquals(List.of(new PolicyDef.Tier("/v1/b", null), new PolicyDef.Tier("cached", null, PolicyDef.LocalAnswer.CACHED)),
                p.fallback());
        assertEquals(List.of(new PolicyDef.Tier("static", null, PolicyDef.LocalAnswer.STATIC)), s.policy("canned").fallback());
    }

    @Test
    void fallbackOnNeedsAChainALocalTierTakesNoTargetNorBreakerAndComesLast() {
        List<ScenarioException.Problem> ps = problems("""
                load: { rate: 10/s }
                policies:
                  a: { fallbackOn: [529, 200, hang] }
                  b:
                    circuitBreaker: { halfOpen: all, probes: 2 }
                    fallback: [{ answer: static, target: /v1/b }, /v1/c]
                  c: { fallback: [{ answer: canned }], failOnErrors: [529] }
                """);
        assertEquals(List.of(
                "s.yaml:3:8: policies.a.fallbackOn: needs a fallback chain (policies.a.fallback) to move to",
                "s.yaml:3:20: policies.a.fallbackOn: a 2xx is not a failure (got 200; use qualityGate for bad 2xx answers)",
                "s.yaml:3:31: policies.a.fallbackOn[2]: unknown error kind (got hang; expected a status code from 100 to 599 or an error kind (timeout, reset, connect, protocol, bodyTooLarge))",
                "s.yaml:5:38: policies.b.circuitBreaker.probes: with halfOpen: all every call goes while half-open (leave probes out, or use halfOpen: probes)",
                "s.yaml:6:34: policies.b.fallback[0].target: a tier with an answer answers locally and calls no target (give one or the other)",
                "s.yaml:6:51: policies.b.fallback[1]: never tried: the tier before it answers locally (static), so every request ends there (expected the local tier last)"),
                ps.stream().map(Object::toString).toList().subList(0, Math.min(6, ps.size())));
        assertTrue(ps.get(6).toString().startsWith("s.yaml:7:29: policies.c.fallback[0].answer: unknown value"), ps::toString);
        assertEquals("s.yaml:7:54: policies.c.failOnErrors: error kinds only (got 529; statuses go in failOn)", ps.get(7).toString());
        assertEquals(8, ps.size(), ps::toString);
    }

    @Test
    void aSharedBackoffIsReadAndRefusedBesideGatesThatWouldKeepSuccessesFromResettingIt() throws ScenarioException {
        Scenario s = parse("""
                load: { rate: 10/s }
                policies:
                  queue: { strategy: none, sharedBackoff: true, concurrency: { limit: 1, queue: 50, maxWait: 120s } }
                strategies: [queue]
                """);
        assertTrue(s.policy("queue").sharedBackoff());
        assertFalse(s.policy("queue").isBare());
        assertEquals("s.yaml:3:8: policies.a.sharedBackoff: not with a fallback chain, breaker, budget, throttle or quality gate "
                + "(yet): only with a plain backoff, optionally a concurrency limit", onlyProblem("""
                load: { rate: 10/s }
                policies:
                  a: { sharedBackoff: true, fallback: [/v1/b] }
                """).toString());
    }

    @Test
    void populationsSplitClientsByShareAndAddUpToTheTotal() throws ScenarioException {
        Scenario s = parse("""
                load: { model: closed, clients: 10 }
                policies:
                  budgeted: { strategy: full, budget: {} }
                population: [{policy: budgeted, share: 0.35}, {policy: equal, share: 0.65}]
                """);
        assertTrue(s.isMixed());
        assertEquals(List.of("budgeted", "equal"), s.rows());
        int a = ((LoadSpec.Closed) s.populationLoad(0)).clients();
        int b = ((LoadSpec.Closed) s.populationLoad(1)).clients();
        assertEquals(10, a + b, "the populations' clients add up to the total");
        assertEquals(List.of(4, 6), List.of(a, b), "1 each, then 8 shared 2.8 / 5.2, the larger remainder first");
    }

    @Test
    void populationsOfAnOpenModelShareTheRate() throws ScenarioException {
        Scenario s = parse("""
                load: { rate: 100/s, maxInFlight: 1000 }
                population: [{policy: full, share: 0.25}, {policy: equal, share: 0.75}]
                """);
        LoadSpec.Open o = (LoadSpec.Open) s.populationLoad(0);
        assertEquals(25.0, o.stages().getFirst().rate().perSecond(), 1e-9, "a quarter of 100/s");
        assertEquals(250, o.maxInFlight());
    }

    @Test
    void populationSharesMustAddUpToOneAndExcludeStrategies() {
        List<ScenarioException.Problem> ps = problems("""
                load: { rate: 10/s }
                population: [{policy: full, share: 0.5}, {policy: equl, share: 0.4}]
                strategies: [full]
                """);
        assertEquals(2, ps.size(), ps::toString);
        assertTrue(ps.get(0).toString().startsWith("s.yaml:2:1: population: give either strategies"), ps.get(0).toString());
        assertTrue(ps.get(1).toString().startsWith("s.yaml:2:51: population[1].policy: unknown policy (did you mean equal?)"), ps.get(1).toString());
        ScenarioException.Problem sum = onlyProblem("""
                load: { rate: 10/s }
                population: [{policy: full, share: 0.5}, {policy: equal, share: 0.4}]
                """);
        assertEquals("s.yaml:2:13: population: shares must add up to 1 (got 0.9)", sum.toString());
    }

    @Test
    void routesAreReadWithTheirOwnPhasesAndTheLongestPrefixWins() throws ScenarioException {
        Scenario s = parse("""
                duration: 10s
                load: { rate: 10/s }
                server:
                  capacity: 100/s
                  degraded: 0.01
                  routes:
                    - { prefix: /v1/models/a, capacity: 50/s, phases: [{at: 0s}, {at: 5s, overload: 0.5}] }
                    - { prefix: /v1/models/a/slow, latency: 200ms, degraded: 0.2 }
                """);
        ServerSpec sv = s.server();
        assertEquals(0.01, sv.degraded());
        assertEquals(2, sv.routes().size());
        RouteSpec a = sv.routes().getFirst();
        assertEquals(50.0, a.capacity().perSecond());
        assertEquals(3, a.burst(), "default burst: 50 ms of capacity, rounded up");
        assertEquals(0.5, a.phases().get(1).overload());
        assertEquals("/v1/models/a/slow", sv.routeFor("/v1/models/a/slow/x").orElseThrow().prefix());
        assertEquals("/v1/models/a", sv.routeFor("/v1/models/a").orElseThrow().prefix());
        assertFalse(sv.routeFor("/v1/messages").isPresent(), "no route: the top-level model serves it");
        RouteSpec slow = sv.routes().get(1);
        assertNull(slow.capacity(), "a route does not inherit the top-level capacity");
        assertEquals(0.2, slow.degraded());
    }

    @Test
    void badRoutesAreProblemsAtTheirPositions() {
        List<ScenarioException.Problem> ps = problems("""
                load: { rate: 10/s }
                server:
                  routes:
                    - { prefix: v1, capacity: 5 }
                    - { capacty: 5/s }
                """);
        assertEquals(List.of(
                "s.yaml:4:17: server.routes[0].prefix: not a path (got v1; expected a path prefix starting with /, such as /v1/models/a)",
                "s.yaml:4:31: server.routes[0].capacity: missing unit (got 5; expected a rate such as 400/s or 600/m)",
                "s.yaml:5:7: server.routes[1].prefix: missing required key (expected a path prefix starting with /, such as /v1/models/a)",
                "s.yaml:5:9: server.routes[1].capacty: unknown key (did you mean capacity?)"),
                ps.stream().map(Object::toString).toList());
    }

    @Test
    void shardingScalesEveryRoutesCapacity() throws ScenarioException {
        Scenario s = parse("""
                load: { rate: 10/s }
                server:
                  routes: [{ prefix: /a, capacity: 100/s, concurrency: 9 }]
                """);
        RouteSpec r = s.shard(1, 2).server().routes().getFirst();
        assertEquals(50.0, r.capacity().perSecond(), 1e-9);
        assertEquals(5, r.concurrency());
    }
}
