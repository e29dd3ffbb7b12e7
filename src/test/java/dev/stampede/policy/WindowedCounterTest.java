package dev.stampede.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WindowedCounterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void anEventIsForgottenOnceAsManySliceBoundariesAsSlicesHavePassed() {
        WindowedCounter counter = new WindowedCounter(10 * SECOND, 10);
        counter.add(SECOND / 2, 3);
        assertEquals(3, counter.sum(10 * SECOND - 1), "9.5 s after, still within the window");
        assertEquals(0, counter.sum(10 * SECOND), "forgotten at the tenth slice boundary");
    }

    @Test
    void slicesExpireOneByOneAsTheWindowSlides() {
        WindowedCounter counter = new WindowedCounter(4 * SECOND, 4);
        for (int s = 0; s < 4; s++) counter.add(s * SECOND, s + 1);
        assertEquals(1 + 2 + 3 + 4, counter.sum(3 * SECOND));
        assertEquals(2 + 3 + 4, counter.sum(4 * SECOND), "slice 0 gone");
        assertEquals(4, counter.sum(6 * SECOND), "slices 0..2 gone");
        assertEquals(0, counter.sum(100 * SECOND), "a long jump clears everything");
        counter.add(100 * SECOND, 5);
        assertEquals(5, counter.sum(100 * SECOND), "and counting resumes");
    }

    @Test
    void negativeClockValuesWorkAsSystemNanoTimeMayReturnThem() {
        WindowedCounter counter = new WindowedCounter(2 * SECOND, 2);
        counter.add(-1000 * SECOND, 1);
        counter.add(-999 * SECOND, 1);
        assertEquals(2, counter.sum(-999 * SECOND));
        assertEquals(1, counter.sum(-997 * SECOND - SECOND / 2), "the first slice expired, the second not yet");
    }

    @Test
    void slicesStayAlignedAcrossZero() {
        WindowedCounter counter = new WindowedCounter(2 * SECOND, 2);
        counter.add(-SECOND / 2, 1);
        counter.add(SECOND / 2, 1);
        assertEquals(2, counter.sum(SECOND / 2), "slices [-1 s, 0) and [0, 1 s)");
        assertEquals(1, counter.sum(SECOND), "at 1 s the slice before zero is forgotten");
    }

    @Test
    void aWindowShorterThanItsSliceCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WindowedCounter(5, 10));
        assertThrows(IllegalArgumentException.class, () -> new WindowedCounter(SECOND, 0));
    }
}
