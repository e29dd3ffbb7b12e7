package dev.stampede.experiment;

import org.hipparchus.distribution.continuous.TDistribution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {

    @Test
    void theIntervalOfAFigureIsStudentTOverTheRepeats() {
        Summary s = Summary.of(new double[]{10, 12, 14, 16}, false);
        assertEquals(13, s.mean(), 1e-12);
        double sd = Math.sqrt((9 + 1 + 1 + 9) / 3.0);
        double t = new TDistribution(3).inverseCumulativeProbability(0.975);
        assertEquals(3.182446, t, 1e-6, "the textbook t(0.975, 3)");
        assertEquals(13 - t * sd / 2, s.low(), 1e-9);
        assertEquals(13 + t * sd / 2, s.high(), 1e-9);
        assertEquals(4, s.n());
    }

    @Test
    void aRateIntervalStaysInsideZeroToOneAndContainsTheMean() {
        double[] rates = new double[30];
        java.util.Arrays.fill(rates, 1.0);
        rates[0] = 0.0; // one repeat where everything failed
        Summary s = Summary.of(rates, true);
        assertEquals(29.0 / 30, s.mean(), 1e-12);
        assertTrue(s.low() > 0 && s.high() < 1, s.toString());
        assertTrue(s.low() <= s.mean() && s.mean() <= s.high(), s.toString());
        Summary plain = Summary.of(rates, false);
        assertTrue(plain.high() > 1, "the plain t interval would cross 1: " + plain);
    }

    @Test
    void aRateIntervalAwayFromTheBoundsIsCloseToTheStudentTInterval() {
        double[] rates = {0.48, 0.52, 0.50, 0.49, 0.51, 0.47, 0.53, 0.50};
        Summary rate = Summary.of(rates, true);
        Summary plain = Summary.of(rates, false);
        assertEquals(plain.low(), rate.low(), 0.002);
        assertEquals(plain.high(), rate.high(), 0.002);
    }

    @Test
    void repeatsThatAllAgreeGiveAZeroWidthInterval() {
        Summary ones = Summary.of(new double[]{1, 1, 1}, true);
        assertEquals(1, ones.low());
        assertEquals(1, ones.high());
        Summary zeros = Summary.of(new double[]{0, 0, 0}, true);
        assertEquals(0, zeros.low());
        assertEquals(0, zeros.high());
        Summary same = Summary.of(new double[]{0.1, 0.1}, false);
        assertEquals(0.1, same.low());
        assertEquals(0.1, same.mean());
    }

    @Test
    void aFigureThatCannotBeNegativeHasItsIntervalCutAtZero() {
        Summary s = Summary.of(new double[]{0, 0, 1}, false);
        assertTrue(s.low() < 0, "the plain t interval goes below 0: " + s);
        Summary cut = s.atLeastZero();
        assertEquals(0, cut.low());
        assertEquals(s.high(), cut.high());
        assertEquals(s.mean(), cut.mean());
        double[] recovery = new double[Figure.values().length];
        java.util.Arrays.fill(recovery, 0);
        double[] other = recovery.clone();
        other[Figure.RECOVERY.ordinal()] = 4;
        RowSummary row = RowSummary.of("r", java.util.List.of(new RowSummary.Repeat(1, recovery),
                new RowSummary.Repeat(2, recovery), new RowSummary.Repeat(3, other)));
        assertEquals(0, row.get(Figure.RECOVERY).low(), "figures are summarised with their intervals cut at 0");
    }

    @Test
    void oneRepeatHasNoInterval() {
        Summary s = Summary.of(new double[]{5}, false);
        assertEquals(5, s.mean());
        assertFalse(s.hasInterval());
    }

    @Test
    void notApplicableRepeatsAreLeftOutAndCounted() {
        Summary s = Summary.of(new double[]{Double.NaN, 2, 4}, false);
        assertEquals(2, s.n());
        assertEquals(1, s.missing());
        assertEquals(3, s.mean(), 1e-12);
        Summary none = Summary.of(new double[]{Double.NaN}, false);
        assertTrue(Double.isNaN(none.mean()));
    }

    @Test
    void aRecoveryThatNeverCameMakesTheMeanInfinite() {
        Summary s = Summary.of(new double[]{3, Double.POSITIVE_INFINITY}, false);
        assertEquals(Double.POSITIVE_INFINITY, s.mean());
        assertEquals(Double.POSITIVE_INFINITY, s.low());
        assertEquals(1, s.infinite());
        assertEquals(2, s.n());
    }

    @Test
    void rowsTieWhenTheirIntervalsOverlapEndsIncluded() {
        Summary a = new Summary(5, 0, 10, 8, 12);
        assertTrue(a.overlaps(new Summary(5, 0, 13, 12, 14)));
        assertFalse(a.overlaps(new Summary(5, 0, 14, 12.5, 15)));
        assertTrue(new Summary(5, 0, 14, 12.5, 15).overlaps(new Summary(5, 0, 13, 11, 20)));
    }

    @Test
    void withoutIntervalsOnlyEqualMeansTie() {
        Summary one = Summary.of(new double[]{5}, false);
        assertTrue(one.overlaps(Summary.of(new double[]{5}, false)));
        assertFalse(one.overlaps(Summary.of(new double[]{6}, false)));
        assertFalse(one.overlaps(Summary.of(new double[]{Double.NaN}, false)));
    }
}
