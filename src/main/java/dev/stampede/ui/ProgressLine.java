package dev.stampede.ui;

import dev.stampede.metrics.RunRecorder;

import java.util.Locale;

/** The figures of one running strategy as one line of text, shared by the plain and the live display. */
final class ProgressLine {

    private ProgressLine() {}

    /**
     * {@code 12s/30s  812 attempts/s  529/1000 12.3  in flight 40  backing off 120  p99 45.0 ms}; past the planned
     * time (the graceful stop), the elapsed part becomes {@code 30s+4s} (the duration, then the time beyond it).
     */
    static String figures(RunRecorder.Snapshot s, long plannedNanos) {
        String elapsed = draining(s, plannedNanos)
                ? seconds(plannedNanos) + "+" + seconds(s.elapsedNanos() - plannedNanos)
                : seconds(s.elapsedNanos()) + "/" + seconds(plannedNanos);
        return String.format(Locale.ROOT, "%s  %,.0f attempts/s  529/1000 %.1f  in flight %d  backing off %d  p99 %s",
                elapsed, s.attemptsPerSecond(), s.overloadedPer1000(),
                s.inFlight(), s.backingOff(), Double.isNaN(s.p99Millis()) ? "-" : String.format(Locale.ROOT, "%.1f ms", s.p99Millis()));
    }

    /** True past the planned time: no request starts, the graceful stop lets those in progress end. */
    static boolean draining(RunRecorder.Snapshot s, long plannedNanos) {
        return s.elapsedNanos() > plannedNanos;
    }

    /**
     * The bar while load is offered; past the planned time, {@code draining: 13 requests} (the requests still in
     * progress) padded to the bar's {@code width + 2} characters, instead of a bar past 100 %.
     */
    static String barOrDrain(RunRecorder.Snapshot s, long plannedNanos, int width) {
        if (!draining(s, plannedNanos)) return bar(s.elapsedNanos(), plannedNanos, width);
        String text = "draining: " + s.inProgress() + (s.inProgress() == 1 ? " request" : " requests");
        return text.length() >= width + 2 ? text : text + " ".repeat(width + 2 - text.length());
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
