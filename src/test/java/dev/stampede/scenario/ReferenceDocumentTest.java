package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keeps docs/scenario-reference.md honest: its example behaves as the text around it says. */
class ReferenceDocumentTest {

    static final Set<String> KNOWN = Set.copyOf(Scenario.DEFAULT_STRATEGIES);

    static String example() throws IOException {
        String doc = Files.readString(Path.of("docs/scenario-reference.md"));
        return doc.split("```yaml\n", 2)[1].split("```", 2)[0];
    }

    @Test
    void theDesignExampleAsWrittenReportsExactlyTheAlternativesTheDocumentLists() throws IOException {
        String doc = Files.readString(Path.of("docs/scenario-reference.md"));
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse(example(), "launch-spike.yaml", KNOWN, Map.of("API_KEY", "k")));
        List<String> listed = doc.lines().filter(l -> l.startsWith("launch-spike.yaml:")).toList();
        assertEquals(listed, e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void theDesignExampleWithOneLoadModelChosenIsValidAndReadsAsDocumented() throws Exception {
        String fixed = example().lines()
                .filter(l -> !l.startsWith("  stages:") && !l.startsWith("  clients:") && !l.startsWith("  think:"))
                .reduce("", (a, b) -> a + b + "\n");
        Scenario s = ScenarioLoader.parse(fixed, "launch-spike.yaml", KNOWN, Map.of("API_KEY", "k"));
        assertEquals(new LoadSpec.Open(List.of(new LoadSpec.Stage(java.time.Duration.ofSeconds(60), new Rate(400))), 5000), s.load());
        assertEquals(4, s.server().phases().size());
        assertEquals(4, s.thresholds().size());
        assertEquals(new RequestSpec.Header("x-api-key", "k", true), s.request().headers().get(1));
    }
}
