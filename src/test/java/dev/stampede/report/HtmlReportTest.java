package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    private static Comparison comparison;
    private static String page;

    @BeforeAll
    static void renderTheLaunchSpikeComparisonOnce() {
        comparison = RecordedResults.comparison();
        page = HtmlReport.render(comparison, RecordedWorkload.PHASES);
    }

    @Test
    void thePerPhaseTableHasOneRowPerStrategyAndPhase() {
        String fallback = HtmlReport.render(TextReportTest.fallbackByPhase(), null);
        int start = fallback.indexOf("<h2>Per phase</h2>");
        assertTrue(start > 0, "a per-phase section");
        String table = fallback.substring(start, fallback.indexOf("</table>", start));
        assertEquals(6, table.split("<tr", -1).length - 2, "2 runs x 3 phases, after the header row");
        assertTrue(table.contains("<td class=\"num\">22.00%</td>"), "seed 000's 22 % fallback share at the peak");
    }

    @Test
    void thePageHasOneAttemptsChartPerStrategyWithOneSeriesPointPerInterval() {
        Matcher figure = Pattern.compile("<figure class=\"chart\" id=\"attempts-(\\d+)\" data-strategy=\"([^\"]*)\">(.*?)</figure>",
                Pattern.DOTALL).matcher(page);
        List<String> strategies = new ArrayList<>();
        while (figure.find()) {
            int index = Integer.parseInt(figure.group(1));
            String svg = figure.group(3);
            RunResult run = comparison.runs().get(index);
            strategies.add(figure.group(2));
            assertTrue(svg.startsWith("\n<svg"), "each attempts figure should hold an inline SVG, got: " + svg.substring(0, 40));
            Matcher path = Pattern.compile("<g id='" + ReportCharts.attemptsSeriesId(index) + "'[^>]*><path d='([^']*)'").matcher(svg);
            assertTrue(path.find(), "the attempts series of " + run.strategy() + " should be one path with its id");
            int points = path.group(1).replaceAll("[^ML]", "").length();
            assertEquals(run.timeline().size(), points,
                    "attempts/s of " + run.strategy() + ": expected one point per timeline interval");
        }
        assertEquals(RecordedResults.STRATEGIES, strategies, "expected one attempts chart per strategy, in run order");
    }

    @Test
    void theIntervalOfLateResponsesAfterTheRunsEndIsNotPlottedAsACollapse() {
        RunResult run = comparison.runs().getFirst();
        List<RunResult.Interval> timeline = new ArrayList<>(run.timeline());
        timeline.add(new RunResult.Interval(run.durationSeconds(), 0, 0, 7, 0, 0, 0, 0));
        RunResult withTail = new RunResult(run.strategy(), run.closedLoop(), run.partial(), run.durationSeconds(), run.requests(),
                run.attempts(), run.amplification(), run.peakAmplification(), run.synchrony(), run.statuses(), run.request(),
                run.requestUncorrected(), run.attempt(), run.recoverySeconds(), run.completionSeconds(), timeline, run.server(),
                run.histograms());
        String svg = new ReportCharts().attemptsPerSecond(withTail, 0, List.of(), 0);
        Matcher path = Pattern.compile("<g id='" + ReportCharts.attemptsSeriesId(0) + "'[^>]*><path d='([^']*)'").matcher(svg);
        assertTrue(path.find(), "the attempts series path");
        assertEquals(run.timeline().size(), path.group(1).replaceAll("[^ML]", "").length(),
                "one point per interval that starts within the run; the tail interval at " + run.durationSeconds() + " s is left out");
    }

    @Test
    void thePageReferencesNoExternalUrlSoItOpensOffline() {
        Matcher external = Pattern.compile("(?i)(src|href)\\s*=\\s*['\"]?\\s*(https?:|//)").matcher(page);
        assertFalse(external.find(), () -> "no src/href may point to another host, found: " + external.group());
        assertFalse(page.contains("@import"), "no CSS @import");
        assertFalse(Pattern.compile("(?i)url\\(\\s*['\"]?\\s*(https?:|//)").matcher(page).find(), "no CSS url() to another host");
        assertFalse(Pattern.compile("(?i)<(script|link|img|iframe)\\b").matcher(page).find(), "no scripts, stylesheets, images or frames");
    }

    @Test
    void theScriptedOverloadPhasesAreShadedLabelledAndListed() {
        String label = PhaseBand.describe(RecordedWorkload.PHASES.get(2));
        assertEquals("529 30/1000 · capacity ×0.75 · Retry-After 5s", label);
        assertTrue(page.contains("<li><b>P2</b> 11–40 s: " + label + "</li>"), "expected the phase list to explain P2 as: " + label);
        Matcher figure = Pattern.compile("<figure class=\"chart\" id=\"attempts-\\d+\"[^>]*>(.*?)</figure>", Pattern.DOTALL).matcher(page);
        int charts = 0;
        while (figure.find()) {
            charts++;
            for (String p : List.of("P1", "P2", "P3")) {
                assertTrue(figure.group(1).contains(">" + p + "</text>"), "each attempts chart should label phase " + p);
            }
            int shades = figure.group(1).split("fill:rgb\\(242,", -1).length - 1;
            assertEquals(3, shades, "expected the three overload phases shaded (healthy phases are not)");
        }
        assertEquals(comparison.runs().size(), charts);
    }

    @Test
    void everyChartUsesItsOwnSvgIdsSoClipPathsNeverCollide() {
        Matcher ids = Pattern.compile("<clipPath id='([^']+)'").matcher(page);
        List<String> seen = new ArrayList<>();
        while (ids.find()) {
            assertFalse(seen.contains(ids.group(1)), "clipPath id " + ids.group(1) + " appears twice");
            seen.add(ids.group(1));
        }
        assertFalse(seen.isEmpty(), "expected clip paths in the charts");
    }

    @Test
    void eachRunWithAServerViewHasAServerLoadChartAndTheGoodputSeries() {
        for (int i = 0; i < comparison.runs().size(); i++) {
            assertTrue(page.contains("<figure class=\"chart\" id=\"server-" + i + "\""), "a server load chart for run " + i);
        }
        assertTrue(page.contains("goodput/s"), "the goodput series is in the attempts charts' legend");
        assertTrue(page.contains("<th class=\"num\">wasted %</th>"), "the comparison table has the wasted % column");
        String urlTarget = HtmlReport.render(TextReportTest.launchSpike(), null);
        assertFalse(urlTarget.contains("<h2>Server load</h2>"), "runs without a server timeline have no server load section");
    }

    @Test
    void theComparisonTableMarksTheLowestAmplificationAsBest() {
        RunResult lowest = comparison.runs().stream().min((a, b) -> Double.compare(a.amplification(), b.amplification())).orElseThrow();
        String cell = "<td class=\"num best\" title=\"best\">" + Metric.number(lowest.amplification()) + " ★</td>";
        assertTrue(page.contains(cell), "expected " + lowest.strategy() + "'s amplification marked best: " + cell);
    }

    @Test
    void writingTheFileIsAtomicAndCreatesParentDirectories(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deep/er/report.html");
        HtmlReport.write(comparison, file);
        assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"), "expected an HTML page at " + file);
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList(), "no temporary file may remain beside the report");
        }
    }
}
