package dev.stampede.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfCheckTest {

    @Test
    void equalCountsAgree() {
        assertTrue(RunLoop.countsAgree(1000, 1000, 0));
    }

    @Test
    void theMockMayMissOnlyAttemptsThatEndedWithoutAnAnswer() {
        assertTrue(RunLoop.countsAgree(1000, 990, 10), "10 timeouts may not have reached the mock");
        assertFalse(RunLoop.countsAgree(1000, 989, 10), "11 missing with 10 unanswered: an answered attempt is missing");
    }

    @Test
    void theMockNeverReceivesMoreThanTheClientSent() {
        assertFalse(RunLoop.countsAgree(1000, 1001, 50));
    }
}
