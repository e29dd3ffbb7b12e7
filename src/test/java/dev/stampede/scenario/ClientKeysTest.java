package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The top-level {@code client:} section and the {@code clientBound} threshold. */
class ClientKeysTest {

    @Test
    void clientConnectionsIsReadAndAFileWithoutItHasNone() throws Exception {
        Scenario s = parse("""
                name: t
                client: { connections: 300 }
                load: { model: closed, clients: 100000, think: 60s }
                """);
        assertEquals(300, s.client().connections());
        assertEquals(300, s.client().connectionsFor(s.load()));
        Scenario none = parse(ScenarioLoaderTest.MINIMAL);
        assertFalse(none.client().connectionsSet());
        Scenario unlimited = parse("""
                name: t
                client: { connections: unlimited }
                load: { rate: 10/s }
                """);
        assertEquals(0, unlimited.client().connectionsFor(unlimited.load()), "unlimited: a connection per request in flight");
    }

    @Test
    void zeroConnectionsAndUnknownClientKeysAreProblemsWithTheirPosition() {
        assertEquals(List.of("s.yaml:3:16: client.connections: out of range (got 0; expected a whole number from 1 to 1000000)",
                        "s.yaml:4:3: client.conections: unknown key (did you mean connections?)"),
                problems("""
                        name: t
                        client:
                          connections: 0
                          conections: 5
                        load: { rate: 10/s }
                        """).stream().map(Object::toString).toList());
    }

    @Test
    void aShardHoldsItsShareOfTheConnections() throws Exception {
        Scenario s = parse("""
                name: t
                target: http://127.0.0.1:9/
                client: { connections: 5 }
                load: { rate: 100/s }
                """);
        assertEquals(3, s.shard(1, 2).client().connections());
        assertEquals(2, s.shard(2, 2).client().connections());
    }

    @Test
    void aClientBoundThresholdAcceptsOnlyFalse() throws Exception {
        Scenario s = parse("""
                name: t
                load: { rate: 10/s }
                thresholds:
                  "*": { clientBound: false }
                """);
        ThresholdSpec t = s.thresholds().getFirst();
        assertEquals("clientBound", t.metric());
        assertEquals(ThresholdSpec.Op.LT, t.op());
        assertEquals(1.0, t.value());
        assertEquals(List.of("s.yaml:4:23: thresholds.*.clientBound: not false (got true; expected false (the run must not "
                        + "be client-bound, docs/metrics.md))"),
                problems("""
                        name: t
                        load: { rate: 10/s }
                        thresholds:
                          "*": { clientBound: true }
                        """).stream().map(Object::toString).toList());
    }
}
