package dev.stampede.scenario;

/** An arrival or service rate, in events per second ({@code 400/s}, {@code 600/m}). */
public record Rate(double perSecond) {
    public Rate {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, got " + perSecond);
        }
    }

    /**
     * Parses {@code 400/s}, {@code 600/m}, {@code 2.5/s}.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public static Rate parse(String text) {
        java.util.regex.Matcher m = text == null ? null
                : java.util.regex.Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)\\s*").matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("expected a rate such as 400/s or 600/m, got '" + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        return new Rate(switch (m.group(2)) {
            case "s" -> n;
            case "m" -> n / 60;
            default -> n / 3600;
        });
    }

    /** Mean gap between events, in nanoseconds ({@code Long.MAX_VALUE} for a zero rate). */
    public long intervalNanos() {
        return perSecond == 0 ? Long.MAX_VALUE : Math.round(1e9 / perSecond);
    }

    @Override public String toString() {
        return (perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond)) + "/s";
    }
}
