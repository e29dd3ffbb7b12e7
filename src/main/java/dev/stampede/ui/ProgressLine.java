package dev.stampede.ui;

import dev.stampede.metrics.RunRecorder;

import java.util.Locale;

/** The figures of one running strategy as one line of text, shared by the plain and the live display. */
final class ProgressLine {

    private ProgressLine() {}

    /** {@code 12s/30s  812 attempts/s  529/1000 12.3  in flight 40  backing off 120  p99 45.0 ms}. */
    static String figures(RunRecorder.Snapshot s, long plannedNanos) {
        return String.format(Locale.ROOT, "%s/%s  %,.0f attempts/s  529/1000 %.1f  in flight %d  backing off %d  p99 %s",
                seconds(s.elapsedNanos()), seconds(plannedNanos), s.attemptsPerSecond(), s.overloadedPer1000(),
                s.inFlight(), s.backingOff(), Double.isNaN(s.p99Millis()) ? "-" : String.format(Locale.ROOT, "%.1f ms", s.p99Millis()));
    }

    /** A bar of {@code width} cells, filled in proportion to elapsed/planned, never past full. */
    static String bar(long elapsedNanos, long plannedNanos, int width) {
        double f = plannedNanos <= 0 ? 1 : Math.min(1, Math.max(0, (double) elapsedNanos / plannedNanos));
        int filled = (int) Math.round(f * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    private static String seconds(long nanos) {
        return Math.round(nanos / 1e9) + "s";
    }
}
