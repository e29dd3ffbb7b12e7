package dev.stampede.scenario;

import dev.stampede.scenario.LoadSpec.Herd;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumericOverrideTest {

    private static final String YAML = """
            name: t
            seed: 7
            load:
              model: herd
              clients: 100
              requests: 1
            request:
              method: PUT
            retry:
              base: 5ms
            server:
              model: occ
            """;

    private static Scenario load(String yaml, NumericOverride... overrides) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "s.yaml", ScenarioLoaderTest.KNOWN, Map.of(), List.of(overrides));
    }

    private static ScenarioException.Problem onlyProblem(String yaml, NumericOverride... overrides) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> load(yaml, overrides));
        assertEquals(1, e.problems().size(), e::getMessage);
        return e.problems().get(0);
    }

    private static NumericOverride set(String path, String value) {
        return new NumericOverride(path, value, "--sweep");
    }

    @Test
    void anOverrideReplacesAWrittenValueBeforeValidation() throws ScenarioException {
        Scenario s = load(YAML, set("load.clients", "40"), set("retry.base", "250ms"));
        assertEquals(40, assertInstanceOf(Herd.class, s.load()).clients());
        assertEquals(Duration.ofMillis(250), s.retry().base());
        assertEquals(7, s.seed(), "untouched keys keep their values");
    }

    @Test
    void anOverrideAddsAKeyTheFileLeavesAtItsDefault() throws ScenarioException {
        Scenario s = load(YAML, set("retry.cap", "3s"), set("sim.interval", "50ms"));
        assertEquals(Duration.ofSeconds(3), s.retry().cap());
        assertEquals(Duration.ofMillis(50), s.sim().interval());
    }

    @Test
    void aValueTheScenarioCannotTakeIsReportedAtTheLineOfTheValueItReplaced() {
        ScenarioException.Problem p = onlyProblem(YAML, set("load.clients", "0"));
        assertEquals(5, p.line());
        assertEquals(12, p.column());
        assertEquals("load.clients", p.path());
        assertTrue(p.message().contains("got 0"), p.message());
    }

    @Test
    void aDurationSweptWithoutAUnitIsAMissingUnitAtTheFilePosition() {
        ScenarioException.Problem p = onlyProblem(YAML, set("retry.base", "10"));
        assertEquals(10, p.line());
        assertTrue(p.message().startsWith("missing unit"), p.message());
    }

    @Test
    void anUnknownTopLevelKeyIsRefusedWithASuggestion() {
        ScenarioException.Problem p = onlyProblem(YAML, set("lod.clients", "3"));
        assertTrue(p.message().contains("--sweep: no scenario key 'lod'"), p.message());
        assertTrue(p.message().contains("load"), p.message());
    }

    @Test
    void anUnknownKeyOfAKnownBlockIsRefusedWithTheBlocksKeys() {
        ScenarioException.Problem p = onlyProblem(YAML, set("load.client", "3"));
        assertTrue(p.message().contains("no key 'client' in load"), p.message());
        assertTrue(p.message().contains("did you mean clients"), p.message());
    }

    @Test
    void aKeyThatHoldsAWordIsNotANumericTarget() {
        ScenarioException.Problem p = onlyProblem(YAML, set("request.method", "3"));
        assertEquals(8, p.line());
        assertTrue(p.message().contains("not a numeric key (got PUT"), p.message());
    }

    @Test
    void aKeyThatHoldsAMapIsNotANumericTarget() {
        ScenarioException.Problem p = onlyProblem(YAML, set("load", "3"));
        assertTrue(p.message().contains("not a numeric key (got a map"), p.message());
    }

    @Test
    void aListItemIsAddressedByItsIndex() throws ScenarioException {
        String yaml = YAML.replace("  model: occ\n", """
                  capacity: 100/s
                  phases:
                    - { at: 0s, capacityFactor: 1.0 }
                    - { at: 10s, capacityFactor: 0.5 }
                """);
        Scenario s = load(yaml, set("server.phases[1].capacityFactor", "0.25"));
        assertEquals(0.25, s.server().phases().get(1).capacityFactor(), 1e-12);
        ScenarioException.Problem p = onlyProblem(yaml, set("server.phases[2].capacityFactor", "0.25"));
        assertTrue(p.message().contains("server.phases has no item 2"), p.message());
    }

    @Test
    void anOverrideValueMustBeANumberWithAnOptionalUnit() {
        assertTrue(NumericOverride.isNumeric("100/s"));
        assertTrue(NumericOverride.isNumeric("250ms"));
        assertTrue(NumericOverride.isNumeric("0.5"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> set("load.clients", "many"));
        assertTrue(e.getMessage().contains("not a number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> set("load..clients", "3"));
    }
}
