package dev.stampede.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mix:, data: and template variables: what loads, and the clear errors before any load. */
class RequestMixTest {

    private static final Set<String> STRATEGIES = Set.of("none", "full", "equal", "decorrelated");

    @TempDir
    Path dir;

    private Scenario load(String yaml) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return ScenarioLoader.load(file, new HashSet<>(STRATEGIES), Map.of("TOKEN", "sk-very-secret-value"));
    }

    private String problems(String yaml) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> load(yaml));
        return e.getMessage();
    }

    private void data(String name, String text) throws IOException {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static final String LOAD = "load: { rate: 10/s }\n";

    @Test
    void aMixReadsEachTemplatesNameWeightTimeoutAndRetryKeys() throws Exception {
        Scenario s = load(LOAD + """
                retry: { maxAttempts: 5, base: 100ms, cap: 1s }
                policies:
                  careful: { strategy: full, retry: { maxAttempts: 3 } }
                mix:
                  - { name: read, weight: 9, path: /items, timeout: 2s }
                  - name: write
                    weight: 1
                    method: POST
                    path: /items
                    body: '{"id": "{{request.id}}"}'
                    retry: { maxAttempts: 1 }
                """);
        RequestMix mix = s.mix();
        assertEquals(List.of("read", "write"), mix.names());
        assertEquals(9, mix.templates().get(0).weight());
        assertEquals(Duration.ofSeconds(2), mix.templates().get(0).timeout());
        assertEquals(RequestSpec.DEFAULT_TIMEOUT, mix.templates().get(1).timeout());
        assertNull(mix.templates().get(0).retry(), "read keeps its row's retry settings");
        RetryOverride write = mix.templates().get(1).retry();
        RetrySpec underPolicy = write.over(s.policy("careful").retry());
        assertEquals(1, underPolicy.maxAttempts(), "the template's maxAttempts wins over the policy's 3");
        assertEquals(Duration.ofMillis(100), underPolicy.base(), "keys the template does not set stay the policy's");
        assertEquals(s.mix().templates().getFirst().request(), s.request(), "request() is the first template's");
        assertTrue(mix.breakdown());
        assertFalse(mix.fixed());
    }

    @Test
    void aTemplateKeepsItsRowsRetryAfterRules() throws Exception {
        Scenario s = load(LOAD + """
                retry: { maxAttempts: 5, base: 100ms, cap: 1s, retryAfterOn: [429], retryAfterBuffer: 500ms }
                mix:
                  - { name: plain, path: /a, retry: { maxAttempts: 2 } }
                  - { name: other, path: /b, retry: { cap: 2s } }
                """);
        RetrySpec plain = s.mix().templates().get(0).retry().over(s.retry());
        assertEquals(java.util.Set.of(429), plain.retryAfterOn(), "a template that does not set it keeps its row's");
        assertEquals(Duration.ofMillis(500), plain.retryAfterBuffer());
        RetrySpec other = s.mix().templates().get(1).retry().over(s.retry());
        assertEquals(java.util.Set.of(429), other.retryAfterOn());
        assertEquals(Duration.ofSeconds(2), other.cap());
        assertEquals(5, other.maxAttempts(), "keys the template does not set stay the row's");
    }

    @Test
    void aRequestWithoutABodyIsFixedToo() throws Exception {
        // an empty text has no parts at all: it must not count as variable, or every attempt is rendered and built again
        Scenario s = load(LOAD + "request: { method: GET, path: /ok }\n");
        assertTrue(s.mix().fixed(), "GET without body or variables: the request is built once");
    }

    @Test
    void requestAloneIsAMixOfOnePlainTemplate() throws Exception {
        Scenario s = load(LOAD + "request: { method: POST, path: /v1/messages, body: '{}' }\n");
        assertTrue(s.mix().fixed(), "no variables, one template: built once, as before mixes");
        assertFalse(s.mix().breakdown());
        assertEquals("POST /v1/messages", s.mix().names().getFirst());
    }

    @Test
    void weightsThatAreNotPositiveAreProblemsWithTheirPosition() {
        String m = problems(LOAD + """
                mix:
                  - { name: a, weight: 0, path: /a }
                  - { name: b, weight: -2, path: /b }
                """);
        assertTrue(m.contains("s.yaml:3:") && m.contains("mix[0].weight"), m);
        assertTrue(m.contains("s.yaml:4:") && m.contains("mix[1].weight"), m);
    }

    @Test
    void requestAndMixTogetherAndDuplicateNamesAreProblems() {
        String m = problems(LOAD + """
                request: { path: /a }
                mix:
                  - { name: a, path: /a }
                  - { name: a, path: /b }
                """);
        assertTrue(m.contains("not both"), m);
        assertTrue(m.contains("duplicate template name a"), m);
    }

    @Test
    void anUnknownVariableIsAProblemThatListsTheKnownOnes() {
        String m = problems(LOAD + "request: { path: '/items/{{sequence}}' }\n");
        assertTrue(m.contains("request.path") && m.contains("unknown template variable {{sequence}}"), m);
        assertTrue(m.contains("seq, uuid, int MIN MAX, request.id, attempt or data.FIELD"), m);
    }

    @Test
    void aDataVariableWithoutADataFileOrWithAnUnknownFieldIsAProblem() throws Exception {
        assertTrue(problems(LOAD + "request: { body: '{{data.prompt}}' }\n").contains("needs a data file"));
        data("rows.jsonl", "{\"prompt\": \"hi\"}\n");
        String m = problems(LOAD + "data: { file: rows.jsonl }\nrequest: { body: '{{data.promt}}' }\n");
        assertTrue(m.contains("unknown data field") && m.contains("did you mean prompt?"), m);
    }

    @Test
    void aMissingDataFileIsAProblemNamingItsPath() {
        String m = problems(LOAD + "data: { file: nowhere.jsonl }\n");
        assertTrue(m.contains("data.file") && m.contains("data file not found") && m.contains("nowhere.jsonl"), m);
    }

    @Test
    void aMalformedJsonLinesRowIsAProblemNamingTheDataFileAndItsLine() throws Exception {
        data("data/rows.jsonl", "{\"prompt\": \"a\"}\n\n{\"prompt\": \"b\"\n[1, 2]\n");
        String m = problems(LOAD + "data: { file: data/rows.jsonl }\n");
        assertTrue(m.contains("data/rows.jsonl:3: malformed JSON Lines row"), m);
        assertTrue(m.contains("data/rows.jsonl:4: malformed JSON Lines row"), "an array is not an object: " + m);
    }

    @Test
    void csvRowsKeepQuotedCommasAndQuotesAndAWrongFieldCountNamesItsLine() throws Exception {
        data("rows.csv", "user,prompt\nada,\"Hello, \"\"world\"\"\"\nbob,plain\n");
        Scenario s = load(LOAD + "data: { file: rows.csv, order: random, onEnd: stop }\nrequest: { body: '{{data.prompt}}' }\n");
        DataSpec d = s.mix().data();
        assertEquals(List.of(Map.of("user", "ada", "prompt", "Hello, \"world\""), Map.of("user", "bob", "prompt", "plain")), d.rows());
        assertEquals(DataSpec.Order.RANDOM, d.order());
        assertEquals(DataSpec.OnEnd.STOP, d.onEnd());
        data("bad.csv", "a,b\n1,2\n3\n");
        assertTrue(problems(LOAD + "data: { file: bad.csv }\n").contains("bad.csv:3: 1 fields (expected 2"));
    }

    @Test
    void aTemplateVariableInTheTargetsHostIsAProblem() {
        String m = problems(LOAD + "target: 'http://{{data.host}}.example.com'\n");
        assertTrue(m.contains("target") && m.contains("template variable in the target's host"), m);
        assertTrue(problems(LOAD + "request: { path: '//{{uuid}}.example.com/x' }\n").contains("a path cannot name a host"));
    }

    @Test
    void aBadVariableInASecretHeaderIsReportedWithoutItsValue() {
        String m = problems(LOAD + "request: { headers: { authorization: 'Bearer ${TOKEN} {{nope}}' } }\n");
        assertTrue(m.contains("request.headers.authorization") && m.contains("secret header"), m);
        assertFalse(m.contains("sk-very-secret-value"), m);
        assertFalse(m.contains("nope"), "not even the variable, which sits beside the credential: " + m);
    }

    @Test
    void aTemplatesRetryCapBelowAPolicysBaseIsAProblemBeforeAnyLoad() {
        String m = problems(LOAD + """
                policies:
                  slow: { strategy: full, retry: { base: 2s, cap: 10s } }
                mix:
                  - { name: a, path: /a, retry: { cap: 1s } }
                """);
        assertTrue(m.contains("mix[0].retry") && m.contains("does not fit"), m);
    }

    @Test
    void theShippedMixScenarioLoads() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/mix.yaml"), new HashSet<>(STRATEGIES), Map.of());
        assertEquals(List.of("chat", "models", "payment"), s.mix().names());
        assertTrue(s.mix().data().rows().size() >= 5, "prompts of several lengths");
    }

    @Test
    void aDataFieldWithALineBreakCannotGoInAHeaderAndAFallbackTargetTakesNoVariables() throws Exception {
        data("rows.jsonl", "{\"u\": \"ok\"}\n{\"u\": \"two\\nlines\"}\n");
        String m = problems(LOAD + "data: { file: rows.jsonl }\nrequest: { headers: { x-user: '{{data.u}}' }, body: '{{data.u}}' }\n");
        assertTrue(m.contains("request.headers.x-user") && m.contains("row 2 of rows.jsonl holds a line break"), m);
        assertFalse(m.contains("request.body"), "a body may hold line breaks: " + m);
        String f = problems(LOAD + "policies:\n  p: { strategy: full, fallback: ['/fb/{{seq}}'] }\n");
        assertTrue(f.contains("policies.p.fallback[0]") && f.contains("template variable in a fallback target"), f);
    }
}
