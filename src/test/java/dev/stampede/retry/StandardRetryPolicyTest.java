package dev.stampede.retry;

import dev.stampede.retry.RetryPolicy.Decision;
import dev.stampede.retry.RetryPolicy.Decision.GiveUp;
import dev.stampede.retry.RetryPolicy.Decision.Retry;
import dev.stampede.retry.RetryPolicy.RetryState;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.RetrySpec;
import dev.stampede.scenario.RetrySpec.RetryAfterMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The policy's decisions. The {@code none} backoff keeps delays exact: base 1 s, so retry 0 waits 1 s. */
class StandardRetryPolicyTest {

    private static final long MS = 1_000_000L;

    static RetrySpec spec(int maxAttempts, RetryAfterMode mode) {
        return new RetrySpec(maxAttempts, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(1),
                Set.of(429, 500, 502, 503, 504, 529), EnumSet.of(ErrorKind.TIMEOUT, ErrorKind.RESET, ErrorKind.CONNECT),
                mode, Duration.ofSeconds(60), 0, null, null);
    }

    private static Decision decideFirst(RetryPolicy policy, AttemptOutcome outcome) {
        return policy.decide(policy.start(), outcome, new SplittableRandom(1), 0);
    }

    private static long retryDelayMs(Decision d) {
        return assertInstanceOf(Retry.class, d, "expected a retry, got " + d).delayNanos() / MS;
    }

    @ParameterizedTest(name = "status {0} succeeds")
    @ValueSource(ints = {200, 201, 204, 299})
    void everyTwoHundredStatusSucceeds(int status) {
        assertEquals(Decision.SUCCEED, decideFirst(Strategies.policy("full", spec(5, RetryAfterMode.FLOOR)), AttemptOutcome.status(status)));
    }

    @ParameterizedTest(name = "status {0} is retried: {1}")
    @CsvSource({"529, true", "503, true", "429, true", "400, false", "404, false", "409, false", "422, false", "301, false", "100, false"})
    void aStatusIsRetriedOnlyWhenTheScenarioListsIt(int status, boolean retried) {
        Decision d = decideFirst(Strategies.policy("none", spec(5, RetryAfterMode.FLOOR)), AttemptOutcome.status(status));
        if (retried) assertInstanceOf(Retry.class, d, status + " is in retryOn: expected a retry, got " + d);
        else assertEquals(new GiveUp(FailureReason.NON_RETRYABLE), d, status + " is not in retryOn");
    }

    @ParameterizedTest(name = "error {0} is retried: {1}")
    @CsvSource({"TIMEOUT, true", "RESET, true", "CONNECT, true", "PROTOCOL, false", "BODY_TOO_LARGE, false"})
    void anErrorKindIsRetriedOnlyWhenTheScenarioListsIt(ErrorKind kind, boolean retried) {
        Decision d = decideFirst(Strategies.policy("none", spec(5, RetryAfterMode.FLOOR)), AttemptOutcome.error(kind));
        if (retried) assertInstanceOf(Retry.class, d, kind + " is in retryOn: expected a retry, got " + d);
        else assertEquals(new GiveUp(FailureReason.NON_RETRYABLE), d, kind + " is not in retryOn");
    }

    @Test
    void aRequestGivesUpExhaustedAfterMaxAttemptsAndWaitsTheBackoffBeforeEachRetry() {
        RetryPolicy policy = Strategies.policy("none", spec(4, RetryAfterMode.FLOOR));
        RetryState state = policy.start();
        assertEquals(0, state.attempts(), "no attempt before the first");
        long[] expectedDelaysMs = {1000, 2000, 4000};
        for (int retry = 0; retry < expectedDelaysMs.length; retry++) {
            Retry r = assertInstanceOf(Retry.class, policy.decide(state, AttemptOutcome.status(529), new SplittableRandom(1), 0),
                    "attempt " + (retry + 1) + " of 4 failed: expected a retry");
            assertEquals(expectedDelaysMs[retry] * MS, r.delayNanos(), "delay before retry " + retry);
            assertEquals(retry + 1, r.next().attempts(), "attempts sent after retry " + retry + " is scheduled");
            state = r.next();
        }
        assertEquals(new GiveUp(FailureReason.EXHAUSTED), policy.decide(state, AttemptOutcome.status(529), new SplittableRandom(1), 0),
                "the 4th failed attempt of 4 exhausts the request");
    }

    @Test
    void oneAttemptMeansNeverRetry() {
        assertEquals(new GiveUp(FailureReason.EXHAUSTED), decideFirst(Strategies.policy("full", spec(1, RetryAfterMode.FLOOR)),
                AttemptOutcome.status(529)));
    }

    @Test
    void aNonRetryableFailureOnTheLastAttemptIsReportedAsNonRetryable() {
        RetryPolicy policy = Strategies.policy("none", spec(2, RetryAfterMode.FLOOR));
        RetryState last = new RetryState(1, 1000 * MS);
        assertEquals(new GiveUp(FailureReason.NON_RETRYABLE), policy.decide(last, AttemptOutcome.status(400), new SplittableRandom(1), 0));
        assertEquals(Decision.SUCCEED, policy.decide(last, AttemptOutcome.status(200), new SplittableRandom(1), 0));
    }

    @ParameterizedTest(name = "{0} with hint {1} ms: waits {2} ms")
    @CsvSource({
            // mode,  hint ms (-1 none), expected ms; the backoff is 1000 ms
            "FLOOR,  -1,     1000",
            "FLOOR,  5000,   5000",
            "FLOOR,  200,    1000",
            "FLOOR,  0,      1000",
            "FLOOR,  120000, 60000",   // hint clamped to retryAfterCap 60 s
            "HONOR,  -1,     1000",
            "HONOR,  5000,   5000",
            "HONOR,  200,    200",
            "HONOR,  0,      0",
            "HONOR,  120000, 60000",
            "IGNORE, -1,     1000",
            "IGNORE, 5000,   1000",
            "IGNORE, 200,    1000",
    })
    void theServerHintCombinesWithTheBackoffByTheRetryAfterMode(RetryAfterMode mode, long hintMs, long expectedMs) {
        long hintNanos = hintMs < 0 ? -1 : hintMs * MS;
        Decision d = decideFirst(Strategies.policy("none", spec(5, mode)), AttemptOutcome.status(529, hintNanos));
        assertEquals(expectedMs, retryDelayMs(d), mode + " with hint " + hintMs + " ms over a 1000 ms backoff");
    }

    @Test
    void theStateKeepsTheBackoffsOwnDelayNotTheServersHint() {
        Retry r = assertInstanceOf(Retry.class, decideFirst(Strategies.policy("none", spec(5, RetryAfterMode.FLOOR)),
                AttemptOutcome.status(529, 20_000 * MS)));
        assertEquals(20_000 * MS, r.delayNanos(), "floor: the 20 s hint is waited");
        assertEquals(1_000 * MS, r.next().previousDelayNanos(), "the state keeps the 1 s backoff for the next draw");
    }

    @Test
    void decorrelatedChainsThroughTheStateFromBase() {
        RetryPolicy policy = Strategies.policy("decorrelated", spec(5, RetryAfterMode.FLOOR));
        assertEquals(1_000 * MS, policy.start().previousDelayNanos(), "decorrelated's prev starts at base");
        // U(1 s, 3 s) at 0.5 → 2 s; then U(1 s, 6 s) at 0.5 → 3.5 s.
        Retry first = assertInstanceOf(Retry.class, policy.decide(policy.start(), AttemptOutcome.status(529), new FixedDraws(0.5), 0));
        Retry second = assertInstanceOf(Retry.class, policy.decide(first.next(), AttemptOutcome.status(529), new FixedDraws(0.5), 0));
        assertEquals(2_000 * MS, first.delayNanos());
        assertEquals(3_500 * MS, second.delayNanos());
    }

    @ParameterizedTest(name = "sdk: status {0} is retried: {1}")
    @CsvSource({"408, true", "409, true", "429, true", "500, true", "529, true", "599, true",
            "400, false", "401, false", "404, false", "422, false"})
    void sdkRetriesItsOwnStatusSetWhateverTheScenarioLists(int status, boolean retried) {
        RetrySpec onlyFiveTwentyNine = new RetrySpec(3, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO, null,
                Set.of(529), Set.of(), RetryAfterMode.IGNORE, null, 0, null, null);
        Decision d = decideFirst(Strategies.policy("sdk", onlyFiveTwentyNine), AttemptOutcome.status(status));
        if (retried) assertInstanceOf(Retry.class, d, "sdk retries " + status + ": expected a retry, got " + d);
        else assertEquals(new GiveUp(FailureReason.NON_RETRYABLE), d, "sdk does not retry " + status);
    }

    @ParameterizedTest(name = "sdk: error {0} is retried: {1}")
    @CsvSource({"TIMEOUT, true", "RESET, true", "CONNECT, true",
            "PROTOCOL, true",         // any failed fetch is retried, an unparseable answer too
            "BODY_TOO_LARGE, false"}) // stampede's own limit, not an SDK failure
    void sdkRetriesConnectionErrors(ErrorKind kind, boolean retried) {
        Decision d = decideFirst(Strategies.policy("sdk", spec(3, RetryAfterMode.FLOOR)), AttemptOutcome.error(kind));
        if (retried) assertInstanceOf(Retry.class, d, "sdk retries " + kind);
        else assertEquals(new GiveUp(FailureReason.NON_RETRYABLE), d, "sdk does not retry " + kind);
    }

    @Test
    void theShouldRetryHeaderWinsOverTheSdksStatusSet() {
        RetryPolicy sdk = Strategies.policy("sdk", spec(3, RetryAfterMode.FLOOR));
        assertInstanceOf(Retry.class, decideFirst(sdk, new AttemptOutcome(400, null, -1, true)), "x-should-retry: true on a 400");
        assertEquals(new GiveUp(FailureReason.NON_RETRYABLE), decideFirst(sdk, new AttemptOutcome(529, null, -1, false)),
                "x-should-retry: false on a 529");
        assertEquals(new GiveUp(FailureReason.EXHAUSTED),
                sdk.decide(new RetryState(2, 0), new AttemptOutcome(400, null, -1, true), new SplittableRandom(1), 0),
                "x-should-retry: true does not add attempts beyond maxAttempts");
    }

    @Test
    void theShouldRetryHeaderIsIgnoredOutsideTheSdkPolicy() {
        RetryPolicy full = Strategies.policy("full", spec(3, RetryAfterMode.FLOOR));
        assertEquals(new GiveUp(FailureReason.NON_RETRYABLE), decideFirst(full, new AttemptOutcome(400, null, -1, true)));
        assertInstanceOf(Retry.class, decideFirst(full, new AttemptOutcome(529, null, -1, false)));
    }

    @ParameterizedTest(name = "sdk with hint {0} ms waits {1}")
    @CsvSource({
            // the SDK's backoff at retry 0 with U = 0.0 is 500 ms
            "-1,    500",
            "0,     500",      // not 0 < hint
            "100,   100",      // honoured even below the backoff
            "30000, 30000",
            "60000, 60000",
            "60001, 60001",    // the TypeScript SDK 1.15.0 has no 60 s window (the Python SDK has)
            "2147483647, 2147483647",   // 2^31 − 1 ms, the longest setTimeout
            "2147483648, 500",          // over it: ignored, not clamped
    })
    void sdkUsesTheServerHintOnlyBetweenZeroAndTheLongestTimer(long hintMs, long expectedMs) {
        RetryPolicy sdk = Strategies.policy("sdk", spec(3, RetryAfterMode.IGNORE));
        long hint = hintMs < 0 ? -1 : hintMs * MS;
        Decision d = sdk.decide(sdk.start(), AttemptOutcome.status(529, hint), new FixedDraws(0.0), 0);
        assertEquals(expectedMs, retryDelayMs(d), "sdk with a " + hintMs + " ms hint");
    }

    @Test
    void sdkMakesTheSdksThreeAttemptsWhenTheScenarioDoesNotSetMaxAttempts() {
        RetrySpec unset = RetrySpec.DEFAULT;
        assertEquals(5, unset.maxAttempts(), "the scenario default, which other strategies take");
        RetryPolicy sdk = Strategies.policy("sdk", unset);
        assertInstanceOf(Retry.class, sdk.decide(new RetryState(1, 0), AttemptOutcome.status(529), new SplittableRandom(1), 0));
        assertEquals(new GiveUp(FailureReason.EXHAUSTED), sdk.decide(new RetryState(2, 0), AttemptOutcome.status(529), new SplittableRandom(1), 0),
                "maxRetries 2: the third attempt is the last");
        RetryPolicy full = Strategies.policy("full", unset);
        assertInstanceOf(Retry.class, full.decide(new RetryState(3, 0), AttemptOutcome.status(529), new SplittableRandom(1), 0),
                "full keeps the scenario's 5 attempts");
    }

    @Test
    void sdkTakesTheScenariosMaxAttempts() {
        RetryPolicy sdk = Strategies.policy("sdk", spec(3, RetryAfterMode.FLOOR));
        assertInstanceOf(Retry.class, sdk.decide(new RetryState(1, 0), AttemptOutcome.status(529), new SplittableRandom(1), 0));
        assertEquals(new GiveUp(FailureReason.EXHAUSTED), sdk.decide(new RetryState(2, 0), AttemptOutcome.status(529), new SplittableRandom(1), 0));
    }

    @ParameterizedTest(name = "grpc with maxAttempts {0} makes {1} attempts")
    @CsvSource({"10, 5", "5, 5", "3, 3", "1, 1"})
    void grpcCapsAttemptsAtFive(int maxAttempts, int expectedAttempts) {
        RetryPolicy grpc = Strategies.policy("grpc", spec(maxAttempts, RetryAfterMode.FLOOR));
        RetryState state = grpc.start();
        int attempts = 1;
        while (grpc.decide(state, AttemptOutcome.status(503), new SplittableRandom(attempts), 0) instanceof Retry r) {
            state = r.next();
            attempts++;
        }
        assertEquals(expectedAttempts, attempts, "grpc attempts with the scenario's maxAttempts " + maxAttempts);
    }

    @Test
    void everyPolicyIsNamedAfterItsStrategy() {
        for (String name : Strategies.names()) {
            assertEquals(name, Strategies.policy(name, RetrySpec.DEFAULT).name());
        }
    }
}
