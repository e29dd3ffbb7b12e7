package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.stampede.scenario.ScenarioLoaderTest.MINIMAL;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code server.rateLimit} and a route's own. */
class RateLimitKeysTest {

    @Test
    void aRateLimitIsReadWithAMinuteWindowAndOneKeyByDefault() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                server:
                  rateLimit: { perKey: 60/m }
                  routes:
                    - { prefix: /v1/haiku, rateLimit: { perKey: 2/s, window: 10s, keys: 4 } }
                    - { prefix: /v1/free }
                """);
        assertEquals(new RateLimitSpec(60, Duration.ofMinutes(1), 1), s.server().rateLimit());
        assertEquals(new RateLimitSpec(20, Duration.ofSeconds(10), 4), s.server().routes().get(0).rateLimit());
        assertNull(s.server().routes().get(1).rateLimit(), "a route has only its own limit");
        assertNull(parse(MINIMAL).server().rateLimit());
    }

    @Test
    void badRateLimitsNameTheirLineColumnAndWhatIsExpected() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + """
                server:
                  rateLimit: { perKey: 1/m, window: 30s, keys: 0 }
                  routes:
                    - { prefix: /a, rateLimit: { window: 1m } }
                    - { prefix: /b, rateLimit: { perKey: 5/m, windw: 1m } }
                """);
        assertEquals(List.of(
                "4:24 server.rateLimit.perKey: perKey × window must be a whole number of requests from 1 to 100000000 "
                        + "(got 0.5 requests in 30s)",
                "4:48 server.rateLimit.keys: out of range (got 0; expected a whole number from 1 to 1000000)",
                "6:32 server.routes[0].rateLimit.perKey: missing required key (expected a rate per API key, such as 60/m (requests per minute))",
                "7:47 server.routes[1].rateLimit.windw: unknown key (did you mean window?)"),
                ps.stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).toList());
    }

    @Test
    void anEmbeddedServerWithARateLimitIsNotSharded() throws ScenarioException {
        Scenario s = parse(MINIMAL + "server: { rateLimit: { perKey: 60/m, keys: 2 } }\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.shard(1, 2));
        assertTrue(e.getMessage().contains("per-key rate limit"), e.getMessage());
    }
}
