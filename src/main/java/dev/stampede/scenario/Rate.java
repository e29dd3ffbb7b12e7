package dev.stampede.scenario;

/** An arrival or service rate, in events per second ({@code 400/s}, {@code 600/m}). */
public record Rate(double perSecond) {
    public Rate {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, got " + perSecond);
        }
    }

    /** Mean gap between events, in nanoseconds ({@code Long.MAX_VALUE} for a zero rate). */
    public long intervalNanos() {
        return perSecond == 0 ? Long.MAX_VALUE : Math.round(1e9 / perSecond);
    }

    @Override public String toString() {
        return (perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond)) + "/s";
    }
}
