package dev.stampede.report;

import dev.stampede.metrics.RunResult;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * The cost columns (docs/metrics.md, "Cost"): amounts in the user's own currency, shown with 4 significant digits and
 * no currency sign (stampede does not know the currency). Shown only when some row has a price.
 */
final class Money {

    private Money() {}

    /** Whether any row was priced ({@code cost:} on one of its policy's tiers). */
    static boolean shown(List<RunResult> runs) {
        return runs.stream().anyMatch(r -> !Double.isNaN(r.cost()));
    }

    /** {@code v} rounded to 4 significant digits, as {@link #cell} shows it (so that rounding noise stars no tie). */
    static double rounded(double v) {
        if (!Double.isFinite(v) || v == 0) return v;
        return new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }

    /** An amount, 4 significant digits, plain notation; {@code -} for NaN (unpriced, or no request succeeded). */
    static String cell(double v) {
        if (Double.isNaN(v)) return "-";
        if (Double.isInfinite(v)) return "inf";
        if (v == 0) return "0";
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
