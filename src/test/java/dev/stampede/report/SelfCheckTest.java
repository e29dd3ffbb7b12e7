package dev.stampede.report;

import org.junit.jupiter.api.Test;

import static dev.stampede.report.SelfCheck.Verdict.AGREE;
import static dev.stampede.report.SelfCheck.Verdict.MISMATCH;
import static dev.stampede.report.SelfCheck.Verdict.SHORT_BY_UNANSWERED;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SelfCheckTest {

    @Test
    void equalCountsAgree() {
        assertEquals(AGREE, SelfCheck.verdict(1000, 1000, 0));
    }

    @Test
    void theMockMayMissOnlyAttemptsThatEndedWithoutAnAnswer() {
        assertEquals(SHORT_BY_UNANSWERED, SelfCheck.verdict(1000, 990, 10), "10 timeouts may not have reached the mock");
        assertEquals(MISMATCH, SelfCheck.verdict(1000, 989, 10), "11 missing with 10 unanswered: an answered attempt is missing");
    }

    @Test
    void theMockNeverReceivesMoreThanTheClientSent() {
        assertEquals(MISMATCH, SelfCheck.verdict(1000, 1001, 50));
    }
}
