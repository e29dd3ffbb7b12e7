package dev.stampede.experiment;

import org.hipparchus.distribution.continuous.TDistribution;

import java.util.Arrays;

/**
 * One figure over a row's repeats: the mean and a 95 % confidence interval for it, the repeat being the unit
 * (docs/metrics.md, "Repeats and confidence intervals").
 *
 * <ul>
 *   <li>Figures other than rates: the Student t interval {@code mean ± t(0.975, n-1) · s / sqrt(n)} over the
 *       per-repeat values.</li>
 *   <li>Rates (0..1): a Wilson score interval with the repeats' effective sample size,
 *       {@code nEff = mean·(1-mean) / (s²/n)}, and the Student t quantile in place of the normal one. It stays
 *       inside 0..1, is asymmetric near 0 and 1 where the plain t interval would cross them, always contains the
 *       mean (so a threshold on the mean reads consistently with the interval), and approaches the Student t
 *       interval away from the bounds.</li>
 *   <li>Repeats that all agree (all 0 %, all 100 %, or one identical value): a zero-width interval at that
 *       value. The repeats show no spread; the interval is about the mean over seeds, not about a longer run.</li>
 *   <li>One repeat: no interval ({@code low} and {@code high} are NaN).</li>
 *   <li>NaN repeats (not applicable) are left out and counted in {@code missing}; when a repeat is +Infinity
 *       (a recovery that never came) the mean and both ends are +Infinity, and {@code infinite} says how many
 *       repeats were: "never" in one repeat of three is not "never" in all three.</li>
 * </ul>
 *
 * @param n       repeats with a value (NaN ones left out)
 * @param missing repeats whose figure was NaN
 * @param mean    arithmetic mean of the values; NaN when none
 * @param low     lower end of the 95 % interval; NaN without one
 * @param high    upper end of the 95 % interval; NaN without one
 * @param infinite repeats whose figure was infinite (a recovery that never came), counted in {@code n}
 */
public record Summary(int n, int missing, double mean, double low, double high, int infinite) {

    /** A summary with no infinite repeat. */
    public Summary(int n, int missing, double mean, double low, double high) {
        this(n, missing, mean, low, high, 0);
    }

    /** The confidence level of every interval. */
    public static final double LEVEL = 0.95;

    /** Summarises a figure's per-repeat values; {@code rate} selects the interval that stays inside 0..1. */
    public static Summary of(double[] values, boolean rate) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
        int missing = values.length - v.length;
        if (v.length == 0) return new Summary(0, missing, Double.NaN, Double.NaN, Double.NaN);
        if (Arrays.stream(v).anyMatch(Double::isInfinite)) {
            double inf = Arrays.stream(v).anyMatch(x -> x == Double.POSITIVE_INFINITY) ? Double.POSITIVE_INFINITY
                    : Double.NEGATIVE_INFINITY;
            int infinite = (int) Arrays.stream(v).filter(Double::isInfinite).count();
            return new Summary(v.length, missing, inf, inf, inf, infinite);
        }
        int n = v.length;
        double mean = Arrays.stream(v).sum() / n;
        if (n == 1) return new Summary(1, missing, mean, Double.NaN, Double.NaN);
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        double variance = ss / (n - 1);
        if (variance == 0 || Arrays.stream(v).allMatch(x -> x == v[0])) return new Summary(n, missing, v[0], v[0], v[0]);
        double t = tQuantile(n - 1);
        if (rate && mean > 0 && mean < 1) {
            double effectiveN = mean * (1 - mean) / (variance / n);
            double t2 = t * t;
            double centre = (mean + t2 / (2 * effectiveN)) / (1 + t2 / effectiveN);
            double half = t / (1 + t2 / effectiveN) * Math.sqrt(mean * (1 - mean) / effectiveN + t2 / (4 * effectiveN * effectiveN));
            return new Summary(n, missing, mean, Math.max(0, centre - half), Math.min(1, centre + half));
        }
        double half = t * Math.sqrt(variance / n);
        return new Summary(n, missing, mean, mean - half, mean + half);
    }

    /**
     * This summary with its lower end raised to 0 when below: for a figure that cannot be negative (a count, a
     * ratio, a latency, a time). The true mean is not negative, so cutting off the negative part never excludes
     * it: the coverage is unchanged, and a skewed handful of repeats no longer prints "-1.1s".
     */
    public Summary atLeastZero() {
        return low < 0 ? new Summary(n, missing, mean, 0, high, infinite) : this;
    }

    /** The two-sided 95 % Student t quantile for {@code degreesOfFreedom}. */
    static double tQuantile(int degreesOfFreedom) {
        return new TDistribution(degreesOfFreedom).inverseCumulativeProbability(0.5 + LEVEL / 2);
    }

    /** True when there is an interval (two or more repeats with values). */
    public boolean hasInterval() { return !Double.isNaN(low); }

    /**
     * The tie rule: two rows tie on a figure when their intervals overlap (ends included). Without intervals
     * (one repeat) they tie only on equal means; a summary without values ties with nothing.
     */
    public boolean overlaps(Summary other) {
        if (Double.isNaN(mean) || Double.isNaN(other.mean)) return false;
        if (!hasInterval() || !other.hasInterval()) return Double.compare(mean, other.mean) == 0;
        return low <= other.high && other.low <= high;
    }
}
