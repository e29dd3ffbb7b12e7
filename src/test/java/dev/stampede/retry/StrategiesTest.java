package dev.stampede.retry;

import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrategiesTest {

    @Test
    void theNamesComeInAStableOrderWithTheAwsFourFirst() {
        assertEquals(List.of("none", "equal", "decorrelated", "full", "additive", "decorrelated-v2", "grpc", "sdk"), Strategies.names());
    }

    @Test
    void everyNameBuildsABackoffOfThatNameWithAFormula() {
        for (String name : Strategies.names()) {
            Backoff b = Strategies.backoff(name, RetrySpec.DEFAULT);
            assertEquals(name, b.name());
            assertFalse(b.formula().isBlank(), name + " should state its formula");
        }
    }

    @ParameterizedTest(name = "''{0}'' suggests ''{1}''")
    @CsvSource({"fulll, full", "decorelated, decorrelated", "Full, full", "nonee, none", "decorrelated-v3, decorrelated-v2", "gprc, grpc"})
    void anUnknownNameIsRejectedWithTheNearestKnownOne(String typo, String nearest) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategies.backoff(typo, RetrySpec.DEFAULT));
        assertTrue(e.getMessage().contains("'" + typo + "'") && e.getMessage().contains("did you mean '" + nearest + "'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Strategies.policy(typo, RetrySpec.DEFAULT));
    }

    @Test
    void theFloorAndOffsetAppearInTheFormulaWhenTheScenarioSetsThem() {
        RetrySpec s = new RetrySpec(5, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(4),
                null, RetrySpec.DEFAULT_STATUSES, RetrySpec.DEFAULT_ERRORS, null, null, 1, null, null);
        String formula = Strategies.backoff("none", s).formula();
        assertTrue(formula.contains("at least 4s") && formula.contains("n = retry + 1"), formula);
    }
}
