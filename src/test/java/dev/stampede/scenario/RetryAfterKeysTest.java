package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.stampede.scenario.ScenarioLoaderTest.MINIMAL;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code retry.retryAfterOn}, {@code retry.retryAfterBuffer} and a scripted error status's own Retry-After. */
class RetryAfterKeysTest {

    @Test
    void retryAfterOnAndTheBufferAreReadAndDefaultToEveryStatusAndNothing() throws ScenarioException {
        RetrySpec r = parse(MINIMAL + "retry: { retryAfterOn: [429], retryAfterBuffer: 500ms }\n").retry();
        assertEquals(Set.of(429), r.retryAfterOn());
        assertEquals(Duration.ofMillis(500), r.retryAfterBuffer());
        RetrySpec d = parse(MINIMAL).retry();
        assertEquals(Set.of(), d.retryAfterOn(), "empty: every status's hint is read");
        assertEquals(Duration.ZERO, d.retryAfterBuffer());
    }

    @Test
    void aPolicysRetryBlockOverridesTheHintKeys() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                retry: { retryAfterOn: [429, 529], retryAfterBuffer: 1s }
                policies:
                  p: { strategy: full, retry: { retryAfterOn: [429] } }
                strategies: [p]
                """);
        assertEquals(Set.of(429), s.policy("p").retry().retryAfterOn());
        assertEquals(Duration.ofSeconds(1), s.policy("p").retry().retryAfterBuffer(), "inherited from the scenario");
    }

    @Test
    void badHintKeysNameTheirLineColumnAndWhatIsExpected() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + """
                retry:
                  retryAfterOn: [429, timeout, 700]
                  retryAfterBuffer: 5
                """);
        assertEquals(List.of(
                "4:23 retry.retryAfterOn[1]: an error kind carries no retry header (got timeout; expected a status code from 100 to 599)",
                "4:32 retry.retryAfterOn[2]: out of range (got 700; expected a status code from 100 to 599)",
                "5:21 retry.retryAfterBuffer: missing unit (got 5; expected a duration such as 250ms, 1s, 2m or 1h)"),
                ps.stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).sorted().toList());
    }

    @Test
    void anErrorStatusMayCarryItsOwnRetryAfterWhichIsInheritedWithTheErrors() throws ScenarioException {
        Scenario s = parse("""
                duration: 60s
                load: { rate: 10/s }
                server:
                  phases:
                    - { at: 0s, errors: { "429": { probability: 0.2, retryAfter: 10s }, "503": 0.1 } }
                    - { at: 10s, overload: 0.1 }
                    - { at: 20s, errors: { "429": 0.2 } }
                """);
        List<PhaseSpec> ps = s.server().phases();
        assertEquals(Map.of(429, 0.2, 503, 0.1), ps.get(0).errors());
        assertEquals(Map.of(429, Duration.ofSeconds(10)), ps.get(0).hints().retryAfterByStatus());
        assertEquals(Map.of(429, Duration.ofSeconds(10)), ps.get(1).hints().retryAfterByStatus(), "kept with the errors");
        assertEquals(Map.of(), ps.get(2).hints().retryAfterByStatus(), "new errors without one: none");
    }

    @Test
    void theLongErrorFormNeedsAProbabilityAndKnowsOnlyItsTwoKeys() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + """
                server:
                  phases:
                    - at: 0s
                      errors:
                        "429": { retryAfter: 10s }
                        "503": { probability: 0.1, retryAftr: 1s }
                """);
        assertEquals(List.of(
                "7:16 server.phases[0].errors.429.probability: missing required key (expected a probability between 0 and 1)",
                "8:36 server.phases[0].errors.503.retryAftr: unknown key (did you mean retryAfter?)"),
                ps.stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).toList());
    }
}
