package dev.stampede.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioLoaderTest {

    static final Set<String> KNOWN = Set.of("none", "equal", "decorrelated", "full", "additive");

    static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "s.yaml", KNOWN, Map.of());
    }

    static List<ScenarioException.Problem> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    static List<ScenarioException.Problem> problems(String yaml, Map<String, String> env) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(yaml, "s.yaml", KNOWN, env),
                "expected the scenario to be rejected");
        return e.problems();
    }

    /** The one problem of {@code yaml}, failing with the whole list when there is not exactly one. */
    static ScenarioException.Problem onlyProblem(String yaml) {
        List<ScenarioException.Problem> ps = problems(yaml);
        assertEquals(1, ps.size(), () -> "expected exactly one problem, got:\n" + String.join("\n", ps.stream().map(Object::toString).toList()));
        return ps.getFirst();
    }

    static final String MINIMAL = """
            name: t
            load: { rate: 10/s }
            """;

    @Test
    void aFileWithThreeMistakesYieldsExactlyThreeProblemsEachWithItsLineAndColumn() {
        List<ScenarioException.Problem> ps = problems("""
                name: three-mistakes
                duration: 60
                load:
                  rate: 100/s
                retry:
                  maxAtempts: 5
                  base: 1s
                  cap: 500ms
                """);
        assertEquals(List.of(
                "s.yaml:2:11: duration: missing unit (got 60; expected a duration such as 250ms, 1s, 2m or 1h)",
                "s.yaml:6:3: retry.maxAtempts: unknown key (did you mean maxAttempts?)",
                "s.yaml:8:8: retry.cap: must be >= retry.base (got 500ms < 1s)"),
                ps.stream().map(Object::toString).toList());
    }

    @Test
    void anUnknownKeySuggestsTheNearestValidKey() {
        ScenarioException.Problem p = onlyProblem("""
                name: t
                load: { rate: 10/s, maxInFligth: 10 }
                """);
        assertEquals("load.maxInFligth", p.path());
        assertEquals("unknown key (did you mean maxInFlight?)", p.message());
        assertEquals(2, p.line());
        assertEquals(21, p.column());
    }

    @Test
    void anUnknownKeyFarFromEveryValidKeySuggestsNothing() {
        ScenarioException.Problem p = onlyProblem(MINIMAL + "colour: blue\n");
        assertEquals("s.yaml:3:1: colour: unknown key", p.toString());
    }

    @Test
    void gracefulStopDefaultsToThirtySecondsAcceptsZeroAndRefusesANegativeOrUnitlessValueWithItsPlace() throws ScenarioException {
        assertEquals(Duration.ofSeconds(30), parse(MINIMAL).gracefulStop());
        assertEquals(Duration.ZERO, parse(MINIMAL + "gracefulStop: 0s\n").gracefulStop());
        assertEquals(Duration.ofMillis(1500), parse(MINIMAL + "gracefulStop: 1500ms\n").gracefulStop());
        assertEquals("s.yaml:3:15: gracefulStop: not a duration (got -1s; expected a duration such as 250ms, 1s, 2m or 1h)", onlyProblem(MINIMAL + "gracefulStop: -1s\n").toString());
        assertEquals("s.yaml:3:15: gracefulStop: missing unit (got 30; expected a duration such as 250ms, 1s, 2m or 1h)",
                onlyProblem(MINIMAL + "gracefulStop: 30\n").toString());
    }

    @Test
    void aMinimalScenarioGetsEveryDocumentedDefault() throws ScenarioException {
        Scenario s = parse(MINIMAL);
        assertEquals(ScenarioLoader.DEFAULT_DURATION, s.duration());
        assertEquals(Duration.ofSeconds(60), s.duration());
        assertEquals(1, s.seed());
        assertEquals(Target.EMBEDDED, s.target());
        assertEquals(new RequestSpec("GET", "/", List.of(), "", RequestSpec.DEFAULT_TIMEOUT), s.request());
        assertEquals(new LoadSpec.Open(List.of(new LoadSpec.Stage(Duration.ofSeconds(60), new Rate(10))), 5000), s.load());
        assertEquals(ServerSpec.HEALTHY, s.server());
        assertEquals(RetrySpec.DEFAULT, s.retry());
        assertEquals(Scenario.DEFAULT_STRATEGIES, s.strategies());
        assertEquals(List.of(), s.thresholds());
        assertEquals(SimSpec.DEFAULT, s.sim());
    }

    @Test
    void theNameDefaultsToTheFileNameWithoutItsExtension() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("load: { rate: 1/s }\n", "runs/nightly.yaml", KNOWN, Map.of());
        assertEquals("nightly", s.name());
    }

    @Test
    void aMissingRequiredKeyPointsAtItsParent() {
        List<ScenarioException.Problem> ps = problems("""
                name: t
                load:
                  model: closed
                  think: 1s
                """);
        assertEquals(1, ps.size(), ps.toString());
        assertEquals("s.yaml:3:3: load.clients: missing required key (expected a whole number >= 1)", ps.getFirst().toString());
    }

    @Test
    void aScenarioWithoutLoadNamesTheMissingKeyAtTheTop() {
        ScenarioException.Problem p = onlyProblem("name: t\n");
        assertEquals("load", p.path());
        assertEquals(1, p.line());
        assertTrue(p.message().startsWith("missing required key"), p.message());
    }

    @ParameterizedTest(name = "{0} is {1} ns")
    @CsvSource({
            "250ms, 250000000",
            "1s, 1000000000",
            "1.5s, 1500000000",
            "2m, 120000000000",
            "1h, 3600000000000",
            "500us, 500000"})
    void everyDurationFormParses(String text, long nanos) throws ScenarioException {
        Scenario s = parse(MINIMAL + "retry: { base: " + text + ", cap: 2h }\n");
        assertEquals(Duration.ofNanos(nanos), s.retry().base());
    }

    @ParameterizedTest(name = "{0} is {1}/s")
    @CsvSource({"400/s, 400", "600/m, 10", "2.5/s, 2.5", "30/m, 0.5"})
    void everyRateFormParses(String text, double perSecond) throws ScenarioException {
        Scenario s = parse("load: { rate: " + text + " }\nserver: { capacity: " + text + " }\n");
        LoadSpec.Open open = assertInstanceOf(LoadSpec.Open.class, s.load());
        assertEquals(perSecond, open.stages().getFirst().rate().perSecond(), 1e-12, "load.rate per second");
        assertEquals(perSecond, s.server().capacity().perSecond(), 1e-12, "server.capacity per second");
    }

    @ParameterizedTest(name = "{0}: {1} is rejected")
    @CsvSource(delimiter = '|', value = {
            "duration | 10 | missing unit (got 10; expected a duration such as 250ms, 1s, 2m or 1h)",
            "duration | 10 sec | not a duration (got 10 sec; expected a duration such as 250ms, 1s, 2m or 1h)",
            "duration | 0s | must be longer than 0s (got 0s)",
            "seed | 1.5 | not a whole number (got 1.5; expected a whole number)"})
    void badUnitsAndTypesAtTheTopAreProblems(String key, String value, String message) {
        ScenarioException.Problem p = onlyProblem(MINIMAL + key + ": " + value + "\n");
        assertEquals(key, p.path());
        assertEquals(message, p.message());
        assertEquals(3, p.line());
    }

    @Test
    void aRateWithoutAUnitIsAProblemThatShowsTheForm() {
        ScenarioException.Problem p = onlyProblem("load: { rate: 400 }\n");
        assertEquals("s.yaml:1:15: load.rate: missing unit (got 400; expected a rate such as 400/s or 600/m)", p.toString());
    }

    @ParameterizedTest(name = "overload {0} is rejected: {1}")
    @CsvSource({"1.5, out of range", "-0.1, out of range", "lots, not a number"})
    void probabilitiesOutsideZeroToOneAreProblems(String value, String problem) {
        ScenarioException.Problem p = onlyProblem(MINIMAL + "server:\n  phases:\n    - { at: 0s, overload: " + value + " }\n");
        assertEquals("server.phases[0].overload", p.path());
        assertEquals(problem + " (got " + value + "; expected a probability between 0 and 1)", p.message());
    }

    @Test
    void retryOnTakesStatusCodesAndErrorKindsAndRejectsEverythingElse() throws ScenarioException {
        Scenario ok = parse(MINIMAL + "retry: { retryOn: [429, 529, timeout, reset, connect, protocol, bodyTooLarge] }\n");
        assertEquals(Set.of(429, 529), ok.retry().retryStatuses());
        assertEquals(Set.of(ErrorKind.values()), ok.retry().retryErrors());

        List<ScenarioException.Problem> ps = problems(MINIMAL + "retry: { retryOn: [99, 600, timout, 529] }\n");
        assertEquals(List.of(
                "retry.retryOn[0]: out of range (got 99; expected a status code from 100 to 599)",
                "retry.retryOn[1]: out of range (got 600; expected a status code from 100 to 599)",
                "retry.retryOn[2]: unknown error kind (did you mean timeout?) (got timout; expected a status code "
                        + "from 100 to 599 or an error kind (timeout, reset, connect, protocol, bodyTooLarge))"),
                ps.stream().map(p -> p.path() + ": " + p.message()).toList());
    }

    @Test
    void aScenarioThatDoesNotSetMaxAttemptsSaysSo() throws ScenarioException {
        RetrySpec unset = parse(MINIMAL + """
                retry:
                  base: 2s
                """).retry();
        assertEquals(false, unset.maxAttemptsSet(), "the sdk strategy then takes the SDK's own 3 attempts");
        assertEquals(5, unset.maxAttempts(), "the default every other strategy takes");
        RetrySpec set = parse(MINIMAL + """
                retry:
                  maxAttempts: 5
                """).retry();
        assertEquals(true, set.maxAttemptsSet(), "an explicit 5, even the default's value, is the scenario's choice");
    }

    @Test
    void everyRetryKeyIsRead() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                retry:
                  maxAttempts: 6
                  base: 4s
                  cap: 60s
                  min: 4s
                  additiveJitter: 500ms
                  retryAfter: honor
                  retryAfterCap: 20s
                  attemptOffset: 1
                  budget: { ratio: 0.2, burst: 10 }
                  circuitBreaker: { failures: 5, open: 30s }
                """);
        RetrySpec r = s.retry();
        assertEquals(6, r.maxAttempts());
        assertEquals(Duration.ofSeconds(4), r.base());
        assertEquals(Duration.ofSeconds(60), r.cap());
        assertEquals(Duration.ofSeconds(4), r.min());
        assertEquals(Duration.ofMillis(500), r.additiveJitter());
        assertEquals(RetrySpec.RetryAfterMode.HONOR, r.retryAfter());
        assertEquals(Duration.ofSeconds(20), r.retryAfterCap());
        assertEquals(1, r.attemptOffset());
        assertEquals(new RetrySpec.BudgetSpec(0.2, 10), r.budget());
        assertEquals(new RetrySpec.BreakerSpec(5, Duration.ofSeconds(30)), r.circuitBreaker());
    }

    @Test
    void anEmptyBudgetAndBreakerTakeTheirDocumentedDefaults() throws ScenarioException {
        Scenario s = parse(MINIMAL + "retry: { budget: {}, circuitBreaker: {} }\n");
        assertEquals(new RetrySpec.BudgetSpec(0.1, 100), s.retry().budget());
        assertEquals(new RetrySpec.BreakerSpec(3, Duration.ofSeconds(60)), s.retry().circuitBreaker());
        assertNull(parse(MINIMAL).retry().budget(), "no budget unless asked for");
    }

    @Test
    void aBaseAboveTheDefaultCapIsReportedOnTheBaseAndNamesTheDefault() {
        assertEquals("retry.base: must be <= retry.cap (got 1m > 30s, the default cap; set retry.cap too)",
                pathAndMessage(onlyProblem(MINIMAL + "retry: { base: 60s }\n")));
    }

    @Test
    void aDelayFloorAboveTheCapIsAProblem() {
        assertEquals("s.yaml:3:34: retry.min: must be <= retry.cap (got 10s > 5s)",
                onlyProblem(MINIMAL + "retry: { base: 1s, cap: 5s, min: 10s }\n").toString());
    }

    @Test
    void aMistypedRetryAfterModeSuggestsTheNearest() {
        ScenarioException.Problem p = onlyProblem(MINIMAL + "retry: { retryAfter: honour }\n");
        assertEquals("retry.retryAfter: unknown value (did you mean honor?) (got honour; expected one of floor, honor, ignore)",
                p.path() + ": " + p.message());
    }

    @Test
    void phasesAreSortedByTimeAndInheritWhatTheyDoNotSet() throws ScenarioException {
        Scenario s = parse("""
                duration: 60s
                load: { rate: 10/s }
                server:
                  overloadedRetryAfter: 2s
                  phases:
                    - { at: 40s, overload: 0.009, capacityFactor: 1.0 }
                    - { at: 0s, overload: 0.0004 }
                    - { at: 50s, errors: { "500": 0.01, "503": 0.005 }, reset: 0.001 }
                    - { at: 10s, overload: 0.03, capacityFactor: 0.5, retryAfter: 5s, latencyFactor: 2, hang: 0.01 }
                """);
        assertEquals(List.of(
                new PhaseSpec(Duration.ZERO, 0.0004, 1, null, Map.of(), 0, 0, 1),
                new PhaseSpec(Duration.ofSeconds(10), 0.03, 0.5, Duration.ofSeconds(5), Map.of(), 0, 0.01, 2),
                new PhaseSpec(Duration.ofSeconds(40), 0.009, 1.0, Duration.ofSeconds(5), Map.of(), 0, 0.01, 2),
                new PhaseSpec(Duration.ofSeconds(50), 0.009, 1.0, Duration.ofSeconds(5), Map.of(500, 0.01, 503, 0.005), 0.001, 0.01, 2)),
                s.server().phases());
    }

    @Test
    void retryHeaderKeysAreReadAndInheritedLikeTheOtherPhaseKeys() throws ScenarioException {
        Scenario s = parse("""
                duration: 60s
                load: { rate: 10/s }
                server:
                  phases:
                    - { at: 0s, overload: 1, retryAfterMs: 1500ms, shouldRetry: false }
                    - { at: 10s, retryAfter: 3s, retryAfterFormat: date, retryHeadersOn: [529, 429] }
                    - { at: 20s, retryAfterMs: null, shouldRetry: null }
                """);
        List<PhaseSpec> ps = s.server().phases();
        assertEquals(new PhaseSpec.Hints(Duration.ofMillis(1500), false, false, Set.of(529)), ps.get(0).hints());
        assertEquals(new PhaseSpec.Hints(Duration.ofMillis(1500), true, false, Set.of(429, 529)), ps.get(1).hints());
        assertEquals(new PhaseSpec.Hints(null, true, null, Set.of(429, 529)), ps.get(2).hints(), "null clears, as for retryAfter");
        assertEquals(PhaseSpec.Hints.DEFAULT, parse(MINIMAL + "server:\n  phases: [ {at: 0s} ]\n").server().phases().get(0).hints());
    }

    @Test
    void badRetryHeaderKeysNameTheirLineColumnAndWhatIsExpected() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + """
                server:
                  phases:
                    - at: 0s
                      retryAfterFormat: dates
                      shouldRetry: maybe
                      retryHeadersOn: [529, 200]
                      retryAfterMs: -5ms
                """);
        assertEquals(List.of(
                "6:25 server.phases[0].retryAfterFormat: unknown value (did you mean date?) (got dates; expected one of seconds, date)",
                "7:20 server.phases[0].shouldRetry: unknown value (got maybe; expected one of true, false)",
                "8:29 server.phases[0].retryHeadersOn[1]: not a status the mock sends (got 200; expected a status the mock answers with: "
                        + "400, 422, 429, 500, 502, 503, 504, 529)"),
                ps.stream().filter(p -> !p.path().endsWith("retryAfterMs")).map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).toList());
        assertEquals(1, ps.stream().filter(p -> p.path().equals("server.phases[0].retryAfterMs") && p.line() == 9).count(),
                "a negative retryAfterMs is refused at its line: " + ps);
    }

    @Test
    void theFirstPhaseInheritsFromHealthy() throws ScenarioException {
        Scenario s = parse(MINIMAL + "server:\n  phases: [ {at: 0s, reset: 0.5} ]\n");
        assertEquals(List.of(new PhaseSpec(Duration.ZERO, 0, 1, null, Map.of(), 0.5, 0, 1)), s.server().phases());
    }

    @Test
    void aNullRetryAfterReturnsAPhaseToTheServerDefault() throws ScenarioException {
        Scenario s = parse(MINIMAL + "server:\n  phases: [ {at: 0s, retryAfter: 5s}, {at: 10s, retryAfter: null} ]\n");
        assertEquals(Duration.ofSeconds(5), s.server().phases().get(0).retryAfter());
        assertNull(s.server().phases().get(1).retryAfter());
    }

    @Test
    void anAbortIsReadButNotInheritedByTheNextPhaseBecauseItIsAnEventAtThePhaseStart() throws ScenarioException {
        Scenario s = parse("""
                duration: 30s
                load: { rate: 10/s }
                server:
                  phases:
                    - { at: 0s, overload: 0.01 }
                    - { at: 9s, abort: 1.0, capacityFactor: 0.5 }
                    - { at: 9500ms, overload: 0.03 }
                    - { at: 12s, abort: 0.25 }
                """);
        assertEquals(List.of(0.0, 1.0, 0.0, 0.25), s.server().phases().stream().map(PhaseSpec::abort).toList(),
                "abort is set only where written; every other key is inherited");
        assertEquals(0.5, s.server().phases().get(2).capacityFactor(), "capacityFactor is inherited as usual");
        assertEquals(new PhaseSpec(Duration.ofSeconds(9), 0.01, 0.5, null, Map.of(), 0, 0, 1, 1.0), s.server().phases().get(1));
        assertTrue(s.server().phases().get(3).isOverload(), "a phase whose only change is an abort counts as overload");
    }

    @ParameterizedTest(name = "abort {0} is rejected: {1}")
    @CsvSource({"1.5, out of range", "-0.1, out of range", "lots, not a number"})
    void anAbortOutsideZeroToOneIsAProblem(String value, String problem) {
        ScenarioException.Problem p = onlyProblem(MINIMAL + "server:\n  phases:\n    - { at: 0s, abort: " + value + " }\n");
        assertEquals("server.phases[0].abort", p.path());
        assertEquals(problem + " (got " + value + "; expected a probability between 0 and 1)", p.message());
    }

    @Test
    void phasesMustStartAtZeroStayWithinTheDurationAndNotShareAStart() {
        List<ScenarioException.Problem> ps = problems("""
                duration: 30s
                load: { rate: 10/s }
                server:
                  phases:
                    - { at: 5s }
                    - { at: 30s }
                    - { at: 5s }
                """);
        assertEquals(List.of(
                "s.yaml:5:13: server.phases[0].at: the earliest phase must start at 0s (got 5s; expected a phase with at: 0s)",
                "s.yaml:6:13: server.phases[1].at: starts after the scenario ends (got 30s; expected less than the duration, 30s)",
                "s.yaml:7:13: server.phases[2].at: another phase (server.phases[0]) starts at the same time, 5s"),
                ps.stream().map(Object::toString).toList());
    }

    @Test
    void aPhaseWithoutAtIsAMissingKeyAndOnlyScriptableStatusesAreAllowed() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + """
                server:
                  phases:
                    - { at: 0s, errors: { "501": 0.1 } }
                    - { overload: 0.1 }
                """);
        assertEquals(List.of(
                "server.phases[0].errors.501: unknown key (did you mean 500?)",
                "server.phases[1].at: missing required key (expected a duration such as 250ms, 1s, 2m or 1h)"),
                ps.stream().map(p -> p.path() + ": " + p.message()).toList());
    }

    @Test
    void exclusiveOutcomesMayNotAddUpToMoreThanOneIncludingInheritedValues() {
        ScenarioException.Problem p = onlyProblem(MINIMAL + """
                server:
                  phases:
                    - { at: 0s, overload: 0.6 }
                    - { at: 5s, errors: { "503": 0.5 } }
                """);
        assertEquals("server.phases[1]", p.path());
        assertTrue(p.message().contains("got 1.1"), p.message());
    }

    @Test
    void everyLatencyFormIsRead() throws ScenarioException {
        assertEquals(new LatencySpec.Fixed(Duration.ofMillis(20)),
                parse(MINIMAL + "server: { latency: { fixed: 20ms } }\n").server().latency());
        assertEquals(new LatencySpec.Fixed(Duration.ofMillis(15)),
                parse(MINIMAL + "server: { latency: 15ms }\n").server().latency());
        assertEquals(new LatencySpec.Uniform(Duration.ofMillis(10), Duration.ofMillis(30)),
                parse(MINIMAL + "server: { latency: { uniform: [10ms, 30ms] } }\n").server().latency());
        assertEquals(new LatencySpec.LogNormal(Duration.ofMillis(30), Duration.ofMillis(200)),
                parse(MINIMAL + "server: { latency: { p50: 30ms, p99: 200ms } }\n").server().latency());
    }

    @Test
    void inconsistentLatencyFormsAreProblems() {
        assertEquals("server.latency: more than one latency form (expected {fixed: D}, {uniform: [D, D]}, {exponential: D} or {p50: D, p99: D}, each optionally with perKiB: D)",
                pathAndMessage(onlyProblem(MINIMAL + "server: { latency: { fixed: 20ms, p50: 10ms } }\n")));
        assertEquals("server.latency.p99: must be >= p50 (got 10ms < 30ms)",
                pathAndMessage(onlyProblem(MINIMAL + "server: { latency: { p50: 30ms, p99: 10ms } }\n")));
        assertEquals("server.latency.uniform[1]: must be >= the minimum (got 1ms < 5ms)",
                pathAndMessage(onlyProblem(MINIMAL + "server: { latency: { uniform: [5ms, 1ms] } }\n")));
        assertEquals("server.latency.p99: missing required key (expected a duration such as 250ms, 1s, 2m or 1h)",
                pathAndMessage(onlyProblem(MINIMAL + "server: { latency: { p50: 30ms } }\n")));
    }

    static String pathAndMessage(ScenarioException.Problem p) {
        return p.path() + ": " + p.message();
    }

    @Test
    void herdOccAndSimKeysAreRead() throws ScenarioException {
        Scenario s = parse("""
                load: { model: herd, clients: 100 }
                server: { model: occ, capacity: 1000/s, burst: 7, concurrency: 1 }
                sim: { network: { mean: 10ms, sd: 2ms }, interval: 50ms }
                """);
        assertEquals(new LoadSpec.Herd(100, 1), s.load(), "herd requests default to 1");
        assertEquals(ServerSpec.Model.OCC, s.server().model());
        assertEquals(7, s.server().burst());
        assertEquals(new SimSpec(new SimSpec.NetworkDelay.Normal(Duration.ofMillis(10), Duration.ofMillis(2)), Duration.ofMillis(50)), s.sim());

        Scenario t = parse("""
                load: { model: herd, clients: 5, requests: 3 }
                sim: { network: 0.5ms }
                """);
        assertEquals(new LoadSpec.Herd(5, 3), t.load());
        assertEquals(new SimSpec.NetworkDelay.Fixed(Duration.ofNanos(500_000)), t.sim().network());
    }

    @Test
    void theBurstDefaultsToFiftyMillisecondsOfCapacity() throws ScenarioException {
        Scenario s = parse(MINIMAL + "server: { capacity: 500/s }\n");
        assertEquals(ServerSpec.defaultBurst(new Rate(500)), s.server().burst());
        assertEquals(25, s.server().burst());
    }

    @Test
    void closedModelReadsClientsAndThink() throws ScenarioException {
        Scenario s = parse("load: { model: closed, clients: 20, think: 100ms }\n");
        assertEquals(new LoadSpec.Closed(20, Duration.ofMillis(100)), s.load());
    }

    @Test
    void keysOfAnotherLoadModelAreProblemsNotSilentlyIgnored() {
        ScenarioException.Problem p = onlyProblem("load: { rate: 10/s, clients: 5 }\n");
        assertEquals("load.clients: applies to the closed and herd models only (load.model is open)", pathAndMessage(p));
    }

    @Test
    void stagesAreReadInOrderAndAStageThatStartsAfterTheEndIsAProblem() throws ScenarioException {
        Scenario s = parse("duration: 60s\nload: { stages: [ {for: 10s, rate: 200/s}, {for: 50s, rate: 400/s} ], maxInFlight: 300 }\n");
        assertEquals(new LoadSpec.Open(List.of(new LoadSpec.Stage(Duration.ofSeconds(10), new Rate(200)),
                new LoadSpec.Stage(Duration.ofSeconds(50), new Rate(400))), 300), s.load());

        ScenarioException.Problem p = onlyProblem("duration: 10s\nload: { stages: [ {for: 10s, rate: 1/s}, {for: 5s, rate: 2/s} ] }\n");
        assertEquals("load.stages[1]: starts at 10s, when the scenario's duration (10s) is over", pathAndMessage(p));
    }

    @Test
    void maxInFlightMustBeAtLeastOne() {
        assertEquals("load.maxInFlight: out of range (got 0; expected a whole number >= 1)",
                pathAndMessage(onlyProblem("load: { rate: 10/s, maxInFlight: 0 }\n")));
    }

    @Test
    void rateAndStagesTogetherAreAmbiguous() {
        assertEquals("load.stages: give either rate or stages, not both",
                pathAndMessage(onlyProblem("load: { rate: 10/s, stages: [ {for: 1s, rate: 1/s} ] }\n")));
    }

    @Test
    void targetIsEmbeddedOrAnHttpBaseUrl() throws ScenarioException {
        assertEquals(new Target.Url(java.net.URI.create("https://api.example.com")),
                parse(MINIMAL + "target: https://api.example.com\n").target());
        assertEquals(Target.EMBEDDED, parse(MINIMAL + "target: embedded\n").target());
        ScenarioException.Problem p = onlyProblem(MINIMAL + "target: ftp://example.com\n");
        assertEquals("target: unsupported target (got ftp://example.com; expected embedded, or a base URL such as https://api.example.com)", pathAndMessage(p));
    }

    @Test
    void strategiesAreCheckedAgainstTheKnownNames() throws ScenarioException {
        assertEquals(List.of("full", "additive"), parse(MINIMAL + "strategies: [full, additive]\n").strategies());
        ScenarioException.Problem p = onlyProblem(MINIMAL + "strategies: [full, decorelated]\n");
        assertEquals("s.yaml:3:20: strategies[1]: unknown strategy (did you mean decorrelated?) "
                + "(got decorelated; expected one of additive, decorrelated, equal, full, none)", p.toString());
    }

    @Test
    void thresholdsAreReadInTheMetricsCanonicalUnits() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                thresholds:
                  full: { amplification: "< 1.5", successRate: "> 0.99", p99: "< 35s" }
                  "*":  { recovery: "< 20s", p50: "<= 250ms", attempts: ">= 10" }
                """);
        assertEquals(List.of(
                new ThresholdSpec("full", "amplification", ThresholdSpec.Op.LT, 1.5, "s.yaml:4:26"),
                new ThresholdSpec("full", "successRate", ThresholdSpec.Op.GT, 0.99, "s.yaml:4:48"),
                new ThresholdSpec("full", "p99", ThresholdSpec.Op.LT, 35_000, "s.yaml:4:63"),
                new ThresholdSpec("*", "recovery", ThresholdSpec.Op.LT, 20, "s.yaml:5:21"),
                new ThresholdSpec("*", "p50", ThresholdSpec.Op.LE, 250, "s.yaml:5:35"),
                new ThresholdSpec("*", "attempts", ThresholdSpec.Op.GE, 10, "s.yaml:5:57")),
                s.thresholds());
    }

    @Test
    void aThresholdLedByIntervalIsOnTheIntervalsEndAndOneLedByMeanOrNothingOnTheMean() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                thresholds:
                  full: { p99: "interval < 500ms", successRate: "mean > 0.99", amplification: "< 1.5" }
                """);
        assertEquals(List.of(ThresholdSpec.Basis.INTERVAL, ThresholdSpec.Basis.MEAN, ThresholdSpec.Basis.MEAN),
                s.thresholds().stream().map(ThresholdSpec::basis).toList());
        assertEquals(500, s.thresholds().get(0).value());
        ScenarioException.Problem p = onlyProblem(MINIMAL + "thresholds:\n  full: { p99: \"upper < 500ms\" }\n");
        assertTrue(p.toString().contains("thresholds.full.p99: unknown basis 'upper' (got upper < 500ms; expected \"mean\" "
                + "(the default) or \"interval\" before the condition"), p.toString());
    }

    @Test
    void badThresholdsAreProblems() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + """
                thresholds:
                  ful: { p99: "< 35s" }
                  full: { p99: "< 35", amplification: "1.5", latency: "< 1s", recovery: "< soon", successRate: "> 99" }
                """);
        assertEquals(List.of(
                "thresholds.ful: unknown strategy (did you mean full?) (got ful; expected \"*\" or one of additive, decorrelated, equal, full, none)",
                "thresholds.full.p99: missing unit (got < 35; expected a time limit with a unit, such as \"< 35s\" or \"< 250ms\")",
                "thresholds.full.amplification: not a condition (got 1.5; expected a condition such as \"< 1.5\", \"> 0.99\" or \"< 35s\")",
                "thresholds.full.latency: unknown key",
                "thresholds.full.recovery: not a time limit (got < soon; expected a time limit with a unit, such as \"< 35s\" or \"< 250ms\")",
                "thresholds.full.successRate: out of range (got > 99; expected a success rate between 0 and 1, such as \"> 0.99\")"),
                ps.stream().map(ScenarioLoaderTest::pathAndMessage).toList());
    }

    @Test
    void aHeaderFromTheEnvironmentIsInterpolatedAndSecret() throws ScenarioException {
        Scenario s = ScenarioLoader.parse(MINIMAL + "request: { headers: { x-api-key: \"${API_KEY}\", x-trace: \"t-${RUN}\", accept: text/plain } }\n",
                "s.yaml", KNOWN, Map.of("API_KEY", "sk-live-0123456789", "RUN", "7"));
        assertEquals(List.of(
                new RequestSpec.Header("x-api-key", "sk-live-0123456789", true),
                new RequestSpec.Header("x-trace", "t-7", true),
                new RequestSpec.Header("accept", "text/plain", false)),
                s.request().headers());
        assertFalse(s.request().toString().contains("sk-live"), "a scenario's text form never shows a secret: " + s.request());
    }

    @Test
    void aMissingEnvironmentVariableIsAProblemThatNamesIt() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + "request: { headers: { authorization: \"Bearer ${TOKEN}\" } }\n");
        assertEquals(List.of("s.yaml:3:38: request.headers.authorization: environment variable TOKEN is not set "
                + "(expected it to hold this header's value)"), ps.stream().map(Object::toString).toList());
    }

    @Test
    void noProblemMessageEverShowsASecretValue() {
        String secret = "sk-live-0123456789";
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("""
                name: t
                load: { rate: 10/s }
                request:
                  path: "sk-live-0123456789"
                  headers: { x-api-key: "${API_KEY}", authorization: sk-live-0123456789, x-other: "${MISSING}" }
                """, "s.yaml", KNOWN, Map.of("API_KEY", secret)));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertFalse(e.getMessage().contains(secret), "the secret leaked into:\n" + e.getMessage());
        assertTrue(e.getMessage().contains("<redacted>"), "the bad path is reported with the secret masked:\n" + e.getMessage());
    }

    @Test
    void brokenYamlIsOneProblemWithItsPosition() {
        ScenarioException.Problem p = onlyProblem("name: t\nload: { rate: 10/s\nseed: 3\n");
        assertTrue(p.line() >= 2, "the parser's position is kept: " + p);
        assertTrue(p.message().startsWith("not valid YAML"), p.message());
    }

    @Test
    void aTabInTheIndentationIsReportedWhereItIsWithTheParsersReason() {
        ScenarioException.Problem p = onlyProblem("load:\n\trate: 1/s\n");
        assertEquals(2, p.line());
        assertEquals(1, p.column());
        assertTrue(p.message().contains("cannot start any token"), p.message());
    }

    @Test
    void anchoredMapsCanBeReusedByAlias() throws ScenarioException {
        Scenario s = parse("""
                duration: 30s
                load: { rate: 10/s }
                server:
                  phases:
                    - { at: 0s, errors: &errs { "500": 0.01 } }
                    - { at: 10s, overload: 0.5, errors: {} }
                    - { at: 20s, errors: *errs }
                """);
        assertEquals(List.of(Map.of(500, 0.01), Map.of(), Map.of(500, 0.01)),
                s.server().phases().stream().map(PhaseSpec::errors).toList());
        ScenarioException.Problem p = onlyProblem("load: { rate: &r 10/s }\nserver: { capacity: *r }\n");
        assertEquals(2, p.line());
        assertTrue(p.message().startsWith("alias *r does not name an anchored map or list"), p.message());
    }

    @Test
    void aSectionThatIsNotAMapIsOneProblemNotOnePerMissingKey() {
        assertEquals("s.yaml:1:7: load: wrong type (got 400/s; expected a map with keys model, rate, stages, maxInFlight, arrivals, clients, think, requests)",
                onlyProblem("load: 400/s\n").toString());
    }

    @Test
    void duplicateKeysAreProblems() {
        ScenarioException.Problem p = onlyProblem(MINIMAL + "seed: 1\nseed: 2\n");
        assertEquals("s.yaml:4:1: seed: duplicate key (first set at line 3)", p.toString());
    }

    @Test
    void theShaIsThatOfTheTextAndTheSourceIsKeptWhenLoadingAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("x.yaml");
        java.nio.file.Files.writeString(file, MINIMAL);
        Scenario s = ScenarioLoader.load(file, KNOWN, Map.of());
        assertEquals(file, s.source());
        // sha256("name: t\nload: { rate: 10/s }\n") computed independently with sha256sum
        assertEquals("bac525da1b2d2e425443cf257327e9721f7b66cda30eba2d602506427c88bd91", s.sha256());
        assertEquals(s.sha256(), parse(MINIMAL).sha256());
    }
}
