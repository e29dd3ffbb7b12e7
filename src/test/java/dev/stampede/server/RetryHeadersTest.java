package dev.stampede.server;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.scenario.PhaseSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryHeadersTest {

    private static final Instant NOW = Instant.parse("2026-12-01T21:30:00.250Z");

    private static PhaseSpec phase(Duration retryAfter, PhaseSpec.Hints hints) {
        return new PhaseSpec(Duration.ZERO, 1, 1, retryAfter, Map.of(429, 0.0), 0, 0, 1, 0, hints);
    }

    @Test
    void eachHeaderIsWrittenAsTheSdkReadsIt() {
        RetryHeaders h = new RetryHeaders(1_500_000_000L, false, 1_250_500_000L, false);
        assertEquals(Map.of("retry-after", "2", "retry-after-ms", "1250.5", "x-should-retry", "false"), h.values(NOW));
        assertEquals(Map.of(), RetryHeaders.NONE.values(NOW));
        assertEquals(Map.of("retry-after-ms", "0"), new RetryHeaders(-1, false, 0, null).values(NOW));
    }

    @Test
    void aDateIsTheAnswersTimePlusTheHintRoundedUpToTheSecond() {
        RetryHeaders h = new RetryHeaders(2_000_000_000L, true, -1, null);
        assertEquals("Tue, 01 Dec 2026 21:30:03 GMT", h.values(NOW).get("retry-after"), "21:30:02.25 rounds up to :03");
        assertEquals("Tue, 01 Dec 2026 21:30:02 GMT", h.values(Instant.parse("2026-12-01T21:30:00Z")).get("retry-after"),
                "a whole second stays");
        AttemptOutcome read = AttemptOutcome.fromHeaders(529, h.values(NOW)::get, NOW);
        assertEquals(2_750_000_000L, read.retryAfterNanos(), "read at the same instant: 2.75 s");
    }

    @Test
    void aClientReadsBackWhatThePhaseScripted() {
        RetryHeaders h = new RetryHeaders(9_000_000_000L, false, 1_500_000_000L, true);
        AttemptOutcome read = AttemptOutcome.fromHeaders(429, h.values(NOW)::get, NOW);
        assertEquals(new AttemptOutcome(429, null, 1_500_000_000L, true), read, "retry-after-ms wins over retry-after");
    }

    @Test
    void onlyTheStatusesInRetryHeadersOnCarryThePhasesHeaders() {
        PhaseSpec p = phase(Duration.ofSeconds(3), new PhaseSpec.Hints(Duration.ofMillis(700), true, false, Set.of(429)));
        assertEquals(new RetryHeaders(3_000_000_000L, true, 700_000_000L, false), RetryHeaders.of(p, 429, null));
        assertEquals(RetryHeaders.NONE, RetryHeaders.of(p, 529, Duration.ofSeconds(1)), "529 is not listed");
        PhaseSpec plain = phase(null, PhaseSpec.Hints.DEFAULT);
        assertEquals(RetryHeaders.retryAfter(1_000_000_000L), RetryHeaders.of(plain, 529, Duration.ofSeconds(1)),
                "a shed 529 falls back to the server's overloadedRetryAfter");
        assertEquals(RetryHeaders.NONE, RetryHeaders.of(plain, 429, null), "scripted errors carry nothing by default");
        assertTrue(RetryHeaders.of(plain, 529, Duration.ofSeconds(1)).secondsOnly());
        assertFalse(RetryHeaders.of(p, 429, null).secondsOnly());
    }

    @Test
    void theModelAttachesThePhasesHeadersToAScriptedError() {
        PhaseSpec p = new PhaseSpec(Duration.ZERO, 0, 1, Duration.ofSeconds(2), Map.of(429, 1.0), 0, 0, 1, 0,
                new PhaseSpec.Hints(null, false, null, Set.of(429)));
        OverloadModel m = new OverloadModel(new dev.stampede.scenario.ServerSpec(dev.stampede.scenario.ServerSpec.Model.CAPACITY,
                null, 0, 0, dev.stampede.scenario.ServerSpec.DEFAULT_LATENCY, null, java.util.List.of(p)), new java.util.SplittableRandom(1));
        assertEquals(new Verdict.Reject(429, 2_000_000_000L, Verdict.Cause.ERROR), m.arrive(0));
    }
}
