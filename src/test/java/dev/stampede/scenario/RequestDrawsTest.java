package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which request each arrival sends: weights, rows, variables; a pure function of the seed and the arrival's number. */
class RequestDrawsTest {

    private static RequestMix mix(DataSpec data, String... pathBodyPairs) {
        List<RequestTemplate> ts = new ArrayList<>();
        for (int i = 0; i < pathBodyPairs.length; i += 2) {
            RequestSpec r = new RequestSpec("POST", pathBodyPairs[i], List.of(new RequestSpec.Header("x-id", "{{request.id}}/{{attempt}}", false)),
                    pathBodyPairs[i + 1], Duration.ofSeconds(1));
            Set<String> fields = data == null ? null : data.fields();
            List<String> problems = new ArrayList<>();
            ts.add(new RequestTemplate("t" + i / 2, i == 0 ? 3 : 1, r, null, TemplateText.compile(r.path(), fields, problems::add),
                    List.of(TemplateText.compile(r.headers().getFirst().value(), fields, problems::add)),
                    TemplateText.compile(r.body(), fields, problems::add)));
            assertEquals(List.of(), problems);
        }
        return new RequestMix(ts, data);
    }

    private static DataSpec rows(int n, DataSpec.Order order, DataSpec.OnEnd onEnd) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(Map.of("k", "row" + i));
        return new DataSpec("rows.jsonl", Set.of("k"), rows, order, onEnd);
    }

    private static String body(RequestDraws d, RequestDraws.Draw draw, int attempt) {
        return new String(d.render(draw, attempt).body(), StandardCharsets.UTF_8);
    }

    @Test
    void theSameSeedDrawsTheSameRequestsAndAnotherSeedOthers() {
        RequestMix m = mix(null, "/a", "{{uuid}} {{int 1 1000000}}", "/b", "{{seq}}");
        RequestDraws one = new RequestDraws(m, 7), two = new RequestDraws(m, 7), other = new RequestDraws(m, 8);
        List<String> a = new ArrayList<>(), b = new ArrayList<>(), c = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            a.add(body(one, one.next(), 1));
            b.add(body(two, two.draw(i), 1));
            c.add(body(other, other.next(), 1));
        }
        assertEquals(a, b, "next() and draw(seq) agree: the draw depends on the number only");
        assertNotEquals(a, c);
    }

    @Test
    void templatesAreChosenInProportionToTheirWeights() {
        RequestDraws d = new RequestDraws(mix(null, "/a", "", "/b", ""), 1);
        int first = 0, n = 20_000;
        for (int i = 0; i < n; i++) if (d.draw(i).template() == 0) first++;
        assertEquals(0.75, first / (double) n, 0.015, "weights 3:1");
    }

    @Test
    void everyAttemptOfARequestSendsTheSameValuesButItsOwnAttemptNumber() {
        RequestDraws d = new RequestDraws(mix(null, "/a/{{int 1 9}}", "{{uuid}}|{{uuid}}|{{request.id}}"), 3);
        RequestDraws.Draw draw = d.next();
        RequestDraws.Rendered first = d.render(draw, 1), second = d.render(draw, 2);
        assertEquals(first.path(), second.path());
        assertEquals(body(d, draw, 1), body(d, draw, 2));
        String[] parts = body(d, draw, 1).split("\\|");
        assertNotEquals(parts[0], parts[1], "each {{uuid}} is a fresh one");
        assertEquals(draw.requestId(), parts[2]);
        assertEquals(draw.requestId() + "/1", first.headers().getFirst().value());
        assertEquals(draw.requestId() + "/2", second.headers().getFirst().value(), "{{attempt}} counts the attempts");
        assertTrue(first.path().matches("/a/[1-9]"), first.path());
        assertNotEquals(d.next().requestId(), draw.requestId(), "the next request has its own id");
    }

    @Test
    void sequentialRowsGoInFileOrderAndWrap() {
        RequestDraws d = new RequestDraws(mix(rows(3, DataSpec.Order.SEQUENTIAL, DataSpec.OnEnd.WRAP), "/", "{{data.k}}"), 1);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 7; i++) got.add(body(d, d.next(), 1));
        assertEquals(List.of("row0", "row1", "row2", "row0", "row1", "row2", "row0"), got);
    }

    @Test
    void randomRowsAreASeededShuffleThatUsesEachRowOncePerPass() {
        RequestDraws d = new RequestDraws(mix(rows(20, DataSpec.Order.RANDOM, DataSpec.OnEnd.WRAP), "/", "{{data.k}}"), 5);
        List<Integer> pass1 = new ArrayList<>(), pass2 = new ArrayList<>();
        for (int i = 0; i < 20; i++) pass1.add(d.next().row());
        for (int i = 0; i < 20; i++) pass2.add(d.next().row());
        assertEquals(20, new HashSet<>(pass1).size(), "every row once: " + pass1);
        assertEquals(20, new HashSet<>(pass2).size());
        assertNotEquals(pass1, pass2, "a new shuffle on each pass");
        assertNotEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), pass1, "not file order");
    }

    @Test
    void withOnEndStopEachRowIsUsedOnceThenArrivalsEnd() {
        RequestDraws d = new RequestDraws(mix(rows(3, DataSpec.Order.RANDOM, DataSpec.OnEnd.STOP), "/", "{{data.k}}"), 5);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) seen.add(d.next().row());
        assertEquals(Set.of(0, 1, 2), seen);
        assertTrue(d.exhausted());
        assertNull(d.next());
    }

    @Test
    void jsonValuesAreQuotedAndPathValuesPercentEncoded() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("k", "say \"hi\"\nnow/then");
        DataSpec data = new DataSpec("r.jsonl", Set.of("k"), List.of(row), DataSpec.Order.SEQUENTIAL, DataSpec.OnEnd.WRAP);
        RequestDraws d = new RequestDraws(mix(data, "/q?term={{data.k}}", "{\"p\": {{data.k|json}}}"), 1);
        RequestDraws.Draw draw = d.next();
        assertEquals("{\"p\": \"say \\\"hi\\\"\\nnow/then\"}", body(d, draw, 1));
        assertEquals("/q?term=say%20%22hi%22%0Anow%2Fthen", d.render(draw, 1).path());
        assertEquals(body(d, draw, 1).getBytes(StandardCharsets.UTF_8).length, d.render(draw, 1).bodyBytes());
    }
}
