package dev.stampede.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The fixed wall-clock schedule of an aligned run ({@code run --start-at}, docs/reports.md "Aligned shards"): report row
 * {@code k} (0-based) starts its arrivals at {@code startAt + k × slot}. Shards that share it share one time origin per
 * row, so their timelines add up interval by interval.
 *
 * @param startAt when row 0 starts (millisecond precision, as the command line gives it)
 * @param slot    the time each row is given, at least its longest possible length; &gt; 0
 */
public record StartSchedule(Instant startAt, Duration slot) {

    public StartSchedule {
        Objects.requireNonNull(startAt, "startAt");
        Objects.requireNonNull(slot, "slot");
        if (slot.isZero() || slot.isNegative()) throw new IllegalArgumentException("slot must be > 0, got " + slot);
    }

    /** When row {@code k} (0-based) starts. */
    public Instant rowStart(int k) {
        if (k < 0) throw new IllegalArgumentException("row must be >= 0, got " + k);
        return startAt.plus(slot.multipliedBy(k));
    }
}
