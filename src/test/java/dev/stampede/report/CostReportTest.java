package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cost columns of the text and HTML tables and the cost fields of the JSON result, shown only for priced runs. */
class CostReportTest {

    /** 1,000 requests of which 990 succeeded (10 exhausted). */
    private static RunResult run(String name) {
        return TextReportTest.run(name, 1_000, 10, 2_000, 2.0, 1.5, 300, 30, 1_500, 1_500, Double.NaN, 2_000, false, false);
    }

    private static Comparison comparison(List<RunResult> runs) {
        return new Comparison("t", "t.yaml", "", "sim", "embedded", 1, Instant.parse("2026-11-23T16:00:00Z"), runs, List.of(), false);
    }

    private static String text(Comparison c) {
        StringWriter w = new StringWriter();
        TextReport.render(c, new PrintWriter(w), false);
        return w.toString();
    }

    @Test
    void theTextTableShowsCostPerSuccessfulRequestOnlyWhenSomeRowIsPriced() {
        Comparison priced = comparison(List.of(run("cheap").withCost(9.9), run("dear").withCost(19.8), run("free")));
        String out = text(priced);
        String header = out.lines().filter(l -> l.startsWith("strategy")).findFirst().orElseThrow();
        assertTrue(header.strip().endsWith("cost/ok"), header);
        String cheap = out.lines().filter(l -> l.startsWith("cheap ")).findFirst().orElseThrow();
        assertTrue(cheap.strip().endsWith("0.01*"), "9.9 / 990 successes, the lowest, starred: " + cheap);
        String dear = out.lines().filter(l -> l.startsWith("dear ")).findFirst().orElseThrow();
        assertTrue(dear.strip().endsWith("0.02"), dear);
        String free = out.lines().filter(l -> l.startsWith("free ")).findFirst().orElseThrow();
        assertTrue(free.strip().endsWith("-"), "an unpriced row shows -: " + free);
        assertTrue(out.contains("cost/ok = what all the run's attempts cost"), out);

        assertFalse(text(comparison(List.of(run("a"), run("b")))).contains("cost/ok"), "no column without a price");
    }

    @Test
    void theHtmlTableShowsCostAndCostPerSuccessfulRequestOnlyWhenSomeRowIsPriced() {
        StringBuilder b = new StringBuilder();
        ComparisonTable.append(b, comparison(List.of(run("cheap").withCost(4.95), run("free"))));
        String html = b.toString();
        assertTrue(html.contains("<th class=\"num\">cost</th><th class=\"num\">cost/ok</th>"), html);
        assertTrue(html.contains("<td class=\"num\">4.95</td><td class=\"num\">0.005</td>"), html);
        assertTrue(html.contains("<td class=\"num\">—</td><td class=\"num\">—</td>"), "the unpriced row: " + html);

        StringBuilder none = new StringBuilder();
        ComparisonTable.append(none, comparison(List.of(run("a"))));
        assertFalse(none.toString().contains("cost"), none.toString());
    }

    @Test
    void theJsonResultCarriesCostAndCostPerSuccessOfAPricedRunAndNothingForAnUnpricedOne() throws Exception {
        Comparison c = comparison(List.of(run("cheap").withCost(9.9), run("free")));
        String json = ResultJson.toText(c);
        assertTrue(json.contains("\"cost\" : 9.9"), json);
        assertTrue(json.contains("\"costPerSuccess\" : 0.01"), json);
        assertEquals(1, json.split("\"cost\" :", -1).length - 1, "only the priced run has a cost");
        Comparison back = ResultJson.parse(json);
        assertEquals(9.9, back.runs().get(0).cost(), 1e-12);
        assertTrue(Double.isNaN(back.runs().get(1).cost()), "unpriced reads back as NaN");
    }
}
