package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The terminal report against golden files in {@code src/test/resources/dev/stampede/report/}. To accept a
 * deliberate change of layout, run with {@code -Dgolden.update=true} and review the diff.
 */
class TextReportTest {

    static final Path GOLDEN = Path.of("src/test/resources/dev/stampede/report");

    static Map<String, Long> failures(long exhausted, long budget) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("exhausted", exhausted);
        m.put("nonRetryable", 0L);
        m.put("budget", budget);
        m.put("circuitOpen", 0L);
        m.put("limiterWait", 0L);
        m.put("clientSaturated", 0L);
        return m;
    }

    static RunResult run(String strategy, long started, long exhausted, long attempts, double peak, double synchrony,
                         long overloaded, double p50, double p99, double uncorrectedP99, double recovery,
                         long serverReceived, boolean closedLoop, boolean partial) {
        long failed = exhausted;
        RunResult.Requests requests = new RunResult.Requests(started, started - failed, failed, failures(exhausted, 0),
                closedLoop ? 0 : 400, started / 60.0);
        RunResult.Latency request = new RunResult.Latency(p50, p50 * 3, p99, p99 * 1.5, p99 * 2, p50 * 1.4, started);
        RunResult.Latency uncorrected = new RunResult.Latency(p50, p50 * 3, uncorrectedP99, uncorrectedP99, p99 * 2, p50, started);
        RunResult.Latency attempt = new RunResult.Latency(30, 80, 200, 260, 900, 42, attempts);
        Map<String, Long> statuses = new LinkedHashMap<>();
        statuses.put("200", attempts - overloaded - 7);
        statuses.put("529", overloaded);
        statuses.put("timeout", 7L);
        ServerView server = serverReceived < 0 ? null
                // 30 ms of service per attempt; half a second wasted per request that exhausted its retries
                : new ServerView(serverReceived, serverReceived - overloaded, overloaded - 100, 100, Map.of(), 0, 0, List.of(), 0,
                        attempts * 0.03, exhausted * 0.5);
        // goodput after the overload: none where recovery is n/a; half the mean rate where it never recovered
        double goodputAfter = Double.isNaN(recovery) ? Double.NaN
                : (started - failed) / 60.0 * (Double.isInfinite(recovery) ? 0.5 : 1);
        return new RunResult(strategy, closedLoop, partial, 60, requests, attempts, (double) attempts / started, peak,
                synchrony, statuses, request, uncorrected, attempt, recovery, Double.NaN, List.of(), server, null, List.of(),
                null, goodputAfter);
    }

    /**
     * A launch spike at 400/s for 60 s, 24,000 requests per strategy: no jitter retries in synchronized waves and
     * never settles; equal jitter recovers in 9 s; full jitter spreads its retries and recovers in 4 s. The
     * server counted one attempt fewer than the equal-jitter clients sent.
     */
    static Comparison launchSpike() {
        List<RunResult> runs = List.of(
                run("none", 24_000, 120, 41_000, 6.4, 9.8, 9_000, 31.5, 16_900, 15_200, Double.POSITIVE_INFINITY, 41_000, false, false),
                run("equal", 24_000, 12, 30_500, 2.9, 2.1, 4_100, 30.9, 4_150.4, 3_990, 9, 30_510, false, false),
                run("full", 24_000, 6, 29_800, 2.2, 1.3, 3_500, 30.2, 2_210.7, 2_100.2, 4, 29_800, false, false));
        List<Comparison.ThresholdResult> thresholds = List.of(
                new Comparison.ThresholdResult("none", "recovery", "<", 20, Double.POSITIVE_INFINITY, false),
                new Comparison.ThresholdResult("equal", "recovery", "<", 20, 9, true),
                new Comparison.ThresholdResult("full", "recovery", "<", 20, 4, true),
                new Comparison.ThresholdResult("full", "amplification", "<", 1.5, 29_800 / 24_000.0, true),
                new Comparison.ThresholdResult("full", "p99", "<", 2_000, 2_210.7, false));
        return new Comparison("launch-spike", "scenarios/launch-spike.yaml", "", "live", "embedded", 42,
                Instant.parse("2026-11-23T16:00:00Z"), runs, thresholds, false);
    }

    /** A herd of closed-loop clients, interrupted by Ctrl-C during the second strategy, against a URL (no server view). */
    static Comparison interruptedHerd() {
        List<RunResult> runs = List.of(
                run("decorrelated", 5_000, 0, 6_100, 3.1, Double.NaN, 700, 12.25, 480, 480, Double.NaN, -1, true, false),
                run("full", 2_000, 40, 2_300, 1.6, Double.NaN, 200, 0.75, 95.5, 95.5, Double.NaN, -1, true, true));
        return new Comparison("herd", "herd.yaml", "", "live", "http://127.0.0.1:8080", 7,
                Instant.parse("2026-11-23T16:00:00Z"), runs, List.of(), true);
    }

    static String render(Comparison c, boolean quiet) {
        StringWriter s = new StringWriter();
        TextReport.render(c, new PrintWriter(s), quiet);
        return s.toString();
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) Files.writeString(file, actual, StandardCharsets.UTF_8);
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden file " + file);
    }

    /**
     * Seed 000's per-hour table for two policies: a fallback chain absorbs the peak (22 % served by fallback tiers,
     * 4 % of 2xx answers rejected by the gate, no user failure) where bare full jitter fails 12 requests.
     */
    static Comparison fallbackByPhase() {
        List<RunResult.Phase> chain = List.of(
                new RunResult.Phase(0, 2_000, 1, 1_999, 0, 1_999, 10, 0, 30.1, 45.2),
                new RunResult.Phase(10, 2_400, 72, 2_328, 93, 2_000, 440, 0, 812.5, 4_210),
                new RunResult.Phase(40, 2_050, 18, 2_032, 0, 2_000, 100, 0, 31.0, 60.3));
        List<RunResult.Phase> bare = List.of(
                new RunResult.Phase(0, 2_000, 1, 1_999, 0, 1_999, 0, 1, 30.0, 45.0),
                new RunResult.Phase(10, 2_600, 78, 2_522, 0, 1_988, 0, 12, 1_950, 9_400),
                new RunResult.Phase(40, 2_040, 18, 2_022, 0, 2_000, 0, 0, 30.5, 59.9));
        List<RunResult> runs = List.of(
                run("seed-000", 6_000, 0, 6_450, 1.5, 1.2, 91, 31, 4_300, 4_100, 3, 6_450, false, false).withPhases(chain),
                run("full", 6_000, 13, 6_640, 1.6, 1.3, 97, 31, 9_500, 9_300, 4, 6_640, false, false).withPhases(bare));
        return new Comparison("seed-000", "scenarios/seeds/000-full-jitter.yaml", "", "sim", "embedded", 42,
                Instant.parse("2026-11-23T16:00:00Z"), runs, List.of(), false);
    }

    @Test
    void unfinishedRequestsGetAColumnOfTheirOwnAndAreLeftOutOfTheSuccessRate() {
        // 1,000 started: 900 succeeded, 50 exhausted, 50 still backing off when the graceful stop ended
        Map<String, Long> failures = failures(50, 0);
        failures.put("unfinished", 50L);
        failures.put("interrupted", 0L);
        RunResult base = run("sdk", 1_000, 50, 2_400, 2.0, 1.5, 900, 30, 1_500, 1_500, Double.NaN, 2_400, false, false);
        RunResult cut = new RunResult("sdk", false, false, 60, new RunResult.Requests(1_000, 900, 50, failures, 400, 1_000 / 60.0),
                2_400, 2.4, 2.0, 1.5, base.statuses(), base.request(), base.requestUncorrected(), base.attempt(), Double.NaN,
                Double.NaN, List.of(), base.server(), null);
        assertEquals(900 / 950.0, cut.requests().successRate(), 1e-12, "succeeded / (started - unfinished - interrupted)");
        String text = render(new Comparison("t", "t.yaml", "", "sim", "embedded", 1, Instant.parse("2026-11-23T16:00:00Z"),
                List.of(cut, base.withStrategy("full")), List.of(), false), false);
        String header = text.lines().filter(l -> l.startsWith("strategy")).findFirst().orElseThrow();
        assertTrue(header.matches("strategy +requests +success +unfinished +attempts.*"), header);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("sdk ") && l.contains("94.74%") && l.contains("5.00%")), text);
        assertTrue(text.contains("failed: exhausted 50; unfinished 50 (still in progress"), text);
        assertFalse(render(launchSpike(), false).contains("unfinished"), "no column when no row has unfinished requests");
    }

    @Test
    void thePerPhaseTableMatchesItsGoldenFile() throws IOException {
        assertGolden("fallback-by-phase.txt", render(fallbackByPhase(), false));
    }

    @Test
    void aRunWithOnePhaseAndNoFallbackPrintsNoPhaseTable() {
        assertFalse(render(interruptedHerd(), false).contains("Per phase"));
    }

    @Test
    void theLaunchSpikeComparisonMatchesItsGoldenFile() throws IOException {
        assertGolden("launch-spike.txt", render(launchSpike(), false));
    }

    @Test
    void anInterruptedClosedLoopRunMatchesItsGoldenFile() throws IOException {
        assertGolden("interrupted-herd.txt", render(interruptedHerd(), false));
    }

    @Test
    void quietPrintsOnlyTheVerdictAndTheFailedThresholds() throws IOException {
        String quiet = render(launchSpike(), true);
        assertGolden("launch-spike-quiet.txt", quiet);
        assertTrue(quiet.startsWith("Verdict: "), quiet);
        assertTrue(quiet.lines().noneMatch(l -> l.trim().startsWith("pass")), "passed thresholds are not printed when quiet:\n" + quiet);
    }

    @Test
    void theBestValueOfEachColumnIsMarked() {
        String table = render(launchSpike(), false).lines().filter(l -> l.startsWith("full ")).findFirst().orElseThrow();
        // full jitter has the best attempts, amplification, peak amplification, synchrony, 529s, p50..max, recovery,
        // goodput and goodput after (it failed the fewest requests), and wasted work.
        assertEquals(15, table.chars().filter(ch -> ch == '*').count(), table);
    }

    @Test
    void aClientServerMismatchIsPrintedAsAnError() {
        String text = render(launchSpike(), false);
        assertTrue(text.contains("ERROR self-check equal: client sent 30500 attempts but the server received 30510"), text);
        assertFalse(text.contains("ERROR self-check full"), text);
    }

    @Test
    void aMockThatMissedOnlyUnansweredAttemptsIsAStallNotAnError() {
        // 7 attempts of each row timed out: the mock may have missed up to 7 of them, and no more
        RunResult stalled = run("none", 6_000, 6, 6_100, 1.5, 2.0, 100, 1_000, 9_000, 9_000, 3, 6_095, false, false);
        String text = render(new Comparison("stall", "stall.yaml", "", "live", "embedded", 1,
                Instant.parse("2026-11-23T16:00:00Z"), List.of(stalled), List.of(), false), false);
        assertTrue(text.contains("self-check none: client sent 6100 attempts, server received 6095: 5 ended without an answer"), text);
        assertFalse(text.contains("ERROR self-check"), text);
    }

    @Test
    void theReportIsPlainAscii() {
        String text = render(launchSpike(), false) + render(interruptedHerd(), false);
        assertTrue(text.chars().allMatch(ch -> ch == '\n' || (ch >= 0x20 && ch < 0x7f)), "only printable ASCII and newlines");
    }

    @Test
    void theVerdictNamesTheBestStrategyOnEachAxisWithItsFigures() {
        String verdict = TextReport.verdict(launchSpike().runs());
        assertEquals("Verdict: best for users full (success 99.98%, p99 2.21s); best for the server full "
                + "(amplification 1.24, peak 2.20, recovery 4.0s).", verdict);
    }

    @Test
    void successRatesWithinSamplingNoiseAreATieThatLatencyDecides() {
        // 6,000 requests each: 20 failures against 22 differ by far less than two standard errors (~0.2 points),
        // so the faster strategy is the better one for users, not the one that lost two requests fewer.
        RunResult luckyButSlow = run("none", 6_000, 20, 6_363, 2.16, 11.2, 363, 1_040, 5_050, 5_050, 3, 6_363, false, false);
        RunResult fast = run("full", 6_000, 22, 6_319, 1.69, 2.4, 319, 1_030, 4_520, 4_520, 3, 6_319, false, false);
        assertTrue(TextReport.sameSuccessWithinNoise(luckyButSlow, fast), "20 vs 22 failures of 6,000 are within noise");
        assertTrue(TextReport.verdict(List.of(luckyButSlow, fast)).startsWith("Verdict: best for users full (success 99.63%"),
                TextReport.verdict(List.of(luckyButSlow, fast)));
    }

    @Test
    void aSuccessRateBeyondNoiseWinsWhateverTheLatency() {
        // 6 failures against 300 of 6,000 is a real difference (~8 standard errors): success decides.
        RunResult reliable = run("equal", 6_000, 6, 6_100, 1.5, 2.0, 100, 1_000, 9_000, 9_000, 3, 6_100, false, false);
        RunResult fastButFailing = run("none", 6_000, 300, 6_400, 2.0, 9.0, 400, 900, 2_000, 2_000, 3, 6_400, false, false);
        assertFalse(TextReport.sameSuccessWithinNoise(reliable, fastButFailing));
        assertTrue(TextReport.verdict(List.of(fastButFailing, reliable)).startsWith("Verdict: best for users equal"),
                TextReport.verdict(List.of(fastButFailing, reliable)));
    }
}
