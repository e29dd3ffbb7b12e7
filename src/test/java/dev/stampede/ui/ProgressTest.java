package dev.stampede.ui;

import dev.stampede.metrics.RunRecorder;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    private static final RunRecorder.Snapshot TWELVE_SECONDS_IN = new RunRecorder.Snapshot(
            12_000_000_000L, 2400, 2610, 812.4, 12.345, 40, 120, 45.04);

    @Test
    void theFiguresLineShowsElapsedRateOverloadInFlightAndP99() {
        assertEquals("12s/30s  812 attempts/s  529/1000 12.3  in flight 40  backing off 120  p99 45.0 ms",
                ProgressLine.figures(TWELVE_SECONDS_IN, 30_000_000_000L));
    }

    @Test
    void pastThePlannedTimeTheDisplayShowsTheDrainAndTheTimeBeyondTheDurationInsteadOfABarPastFull() {
        RunRecorder.Snapshot draining = new RunRecorder.Snapshot(34_000_000_000L, 2400, 2610, 12, 0, 3, 10, 45.04, 13);
        assertTrue(ProgressLine.figures(draining, 30_000_000_000L).startsWith("30s+4s  "),
                ProgressLine.figures(draining, 30_000_000_000L));
        String drain = ProgressLine.barOrDrain(draining, 30_000_000_000L, 20);
        assertEquals("draining: 13 requests ", drain, "padded to the bar's width");
        assertEquals(ProgressLine.bar(15, 30, 20), ProgressLine.barOrDrain(new RunRecorder.Snapshot(15, 0, 0, 0, 0, 0, 0, 1, 4), 30, 20),
                "the bar while load is offered");
    }

    @Test
    void aP99NotYetKnownIsADash() {
        RunRecorder.Snapshot fresh = new RunRecorder.Snapshot(0, 0, 0, 0, 0, 0, 0, Double.NaN);
        assertTrue(ProgressLine.figures(fresh, 1_000_000_000L).endsWith("p99 -"));
    }

    @Test
    void theBarFillsInProportionAndNeverOverflows() {
        assertEquals("[##########..........]", ProgressLine.bar(15, 30, 20));
        assertEquals("[....................]", ProgressLine.bar(0, 30, 20));
        assertEquals("[####################]", ProgressLine.bar(45, 30, 20), "past the planned time the bar stays full");
    }

    @Test
    void plainProgressPrintsPlainLinesWithoutEscapeCodes() {
        StringWriter out = new StringWriter();
        // An interval no test reaches: only started/finished print here, synchronously.
        try (PlainProgress p = new PlainProgress(new PrintWriter(out, true), Duration.ofHours(1))) {
            p.started("full", 30_000_000_000L, () -> TWELVE_SECONDS_IN);
            p.finished("full");
        }
        assertEquals("[full] running for 30s" + System.lineSeparator()
                + "[full] 12s/30s  812 attempts/s  529/1000 12.3  in flight 40  backing off 120  p99 45.0 ms"
                + System.lineSeparator(), out.toString());
        assertFalse(out.toString().contains("\u001b"), "no escape codes off a terminal");
    }

    @Test
    void quietShowsNothingAndANonTerminalGetsPlainLines() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        try (Progress quiet = Terminals.choose(true, false, true, sink);
             Progress ci = Terminals.choose(false, false, false, sink);
             Progress noLive = Terminals.choose(false, true, true, sink)) {
            assertFalse(quiet instanceof PlainProgress || quiet instanceof TerminalDashboard, "--quiet: no display");
            assertInstanceOf(PlainProgress.class, ci, "not a terminal: plain lines");
            assertInstanceOf(PlainProgress.class, noLive, "--no-live: plain lines even on a terminal");
        }
    }
}
