package dev.stampede.run;

import java.time.Duration;

/**
 * The time an aligned run gives each report row ({@code run --start-at}, docs/reports.md "Aligned shards"): the longest
 * a row can take, rounded up to whole seconds, so that row {@code k} can start at {@code start + k × slot} in every
 * shard whatever happened in the rows before it.
 *
 * @param warmUp     the engine's warm-up (it runs once, before row 0, but is counted in every slot: a safe bound)
 * @param duration   the scenario's duration
 * @param drainGrace how long attempts on the wire at the end may still take
 * @param margin     the engine's forced stop after the grace, starting and stopping the mock, writing the row
 */
public record RowSlot(Duration warmUp, Duration duration, Duration drainGrace, Duration margin) {

    public RowSlot {
        for (Duration d : new Duration[] {warmUp, duration, drainGrace, margin}) {
            if (d == null || d.isNegative()) throw new IllegalArgumentException("slot parts must be >= 0, got " + d);
        }
    }

    /** warm-up + duration + drain grace + margin, rounded up to a whole second (at least one). */
    public Duration total() {
        Duration sum = warmUp.plus(duration).plus(drainGrace).plus(margin);
        long seconds = sum.getSeconds() + (sum.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** "47 s (warm-up 2 s + duration 30 s + drain grace 10 s + margin 5 s)". */
    public String describe() {
        return seconds(total()) + " (warm-up " + seconds(warmUp) + " + duration " + seconds(duration) + " + drain grace "
                + seconds(drainGrace) + " + margin " + seconds(margin) + ")";
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }
}
