package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.stampede.scenario.ScenarioLoaderTest.MINIMAL;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code idempotencyKey} (top level and on the request template), {@code server.idempotency} and {@code latency.perKiB}. */
class IdempotencyKeysReadTest {

    private static List<String> messages(String yaml) {
        return problems(yaml).stream().map(Object::toString).toList();
    }

    @Test
    void aTopLevelKeyIsEveryTemplatesDefaultAndTheServerReadsThatHeader() throws Exception {
        Scenario s = parse(MINIMAL + "idempotencyKey: Idempotency-Key\nserver: { idempotency: true }\n");
        assertEquals("Idempotency-Key", s.request().idempotencyKey());
        assertTrue(s.server().idempotency());
        assertEquals("Idempotency-Key", s.server().keyHeader());
    }

    @Test
    void aTemplatesOwnKeyWinsOverTheTopLevelOne() throws Exception {
        Scenario s = parse(MINIMAL + "idempotencyKey: Idempotency-Key\nrequest: { idempotencyKey: X-Request-Key }\n");
        assertEquals("X-Request-Key", s.request().idempotencyKey());
        assertEquals("X-Request-Key", s.server().keyHeader(), "the server reads the header the clients send");
        assertFalse(s.server().idempotency(), "the server honours keys only when told to");
    }

    @Test
    void withoutAKeyNothingIsSentAndTheServerWouldReadTheStandardHeader() throws Exception {
        Scenario s = parse(MINIMAL);
        assertNull(s.request().idempotencyKey());
        assertFalse(s.server().idempotency());
        assertEquals(ServerSpec.DEFAULT_KEY_HEADER, s.server().keyHeader());
    }

    @Test
    void aShardKeepsTheServersIdempotency() throws Exception {
        Scenario s = parse(MINIMAL + "idempotencyKey: K\nserver: { idempotency: true, capacity: 100/s }\n");
        Scenario shard = s.shard(1, 2);
        assertTrue(shard.server().idempotency());
        assertEquals("K", shard.server().keyHeader());
    }

    @Test
    void badKeysAreProblemsNamingTheLineTheFieldAndWhatIsExpected() {
        assertEquals(List.of("s.yaml:3:17: idempotencyKey: not a valid header name (got bad key; expected a header name such as Idempotency-Key)"),
                messages(MINIMAL + "idempotencyKey: 'bad key'\n"));
        assertEquals(List.of("s.yaml:3:28: request.idempotencyKey: x-stampede-* headers are stampede's own (got x-stampede-request; expected a header name such as Idempotency-Key)"),
                messages(MINIMAL + "request: { idempotencyKey: x-stampede-request }\n"));
        List<String> both = messages(MINIMAL + "request: { headers: { Idempotency-Key: fixed }, idempotencyKey: Idempotency-Key }\n");
        assertEquals(1, both.size(), both.toString());
        assertTrue(both.getFirst().startsWith("s.yaml:3:") && both.getFirst().contains("request.idempotencyKey: the header Idempotency-Key is both"),
                both.getFirst());
        List<String> notBoolean = messages(MINIMAL + "server: { idempotency: yes }\n");
        assertEquals(1, notBoolean.size(), notBoolean.toString());
        assertTrue(notBoolean.getFirst().startsWith("s.yaml:3:") && notBoolean.getFirst().contains("server.idempotency"), notBoolean.getFirst());
        assertEquals(1, messages(MINIMAL + "server: { model: occ, idempotency: true }\n").size(), "the OCC record has no keys");
    }

    @Test
    void aLatencyMayAddACostPerKibibyteOfBodyToAnyDistribution() throws Exception {
        Scenario s = parse(MINIMAL + "server:\n  latency: { p50: 30ms, p99: 200ms, perKiB: 2ms }\n  routes: [{ prefix: /b, latency: { fixed: 5ms, perKiB: 1ms } }]\n");
        assertEquals(new LatencySpec.Sized(new LatencySpec.LogNormal(Duration.ofMillis(30), Duration.ofMillis(200)), Duration.ofMillis(2)),
                s.server().latency());
        assertEquals(new LatencySpec.Sized(new LatencySpec.Fixed(Duration.ofMillis(5)), Duration.ofMillis(1)),
                s.server().routes().getFirst().latency());
        assertEquals(new LatencySpec.Fixed(Duration.ofMillis(20)), parse(MINIMAL + "server: { latency: { fixed: 20ms } }\n").server().latency());
    }

    @Test
    void aCostPerKibibyteAloneOrNotADurationIsAProblem() {
        List<String> alone = messages(MINIMAL + "server: { latency: { perKiB: 2ms } }\n");
        assertEquals(1, alone.size(), alone.toString());
        assertTrue(alone.getFirst().contains("server.latency: no latency given"), alone.getFirst());
        List<String> unit = messages(MINIMAL + "server: { latency: { fixed: 20ms, perKiB: 2 } }\n");
        assertEquals(1, unit.size(), unit.toString());
        assertTrue(unit.getFirst().startsWith("s.yaml:3:") && unit.getFirst().contains("server.latency.perKiB: missing unit"), unit.getFirst());
    }
}
