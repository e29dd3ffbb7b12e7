package dev.stampede.scenario;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuggestionsTest {

    static final List<String> RETRY_KEYS = List.of("maxAttempts", "base", "cap", "min", "additiveJitter", "retryOn",
            "retryAfter", "retryAfterCap", "attemptOffset", "budget", "circuitBreaker");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "maxAtempts, maxAttempts",
            "maxattempts, maxAttempts",
            "retry_on, retryOn",
            "bse, base",
            "circuitbreaker, circuitBreaker",
            "retryAfterCapp, retryAfterCap",
            "colour, ''",
            "x, ''"})
    void theNearestKeyIsSuggestedOnlyWhenItIsNearEnoughToBeATypo(String given, String expected) {
        assertEquals(expected, Suggestions.nearest(given, RETRY_KEYS).orElse(""), "suggestion for " + given);
    }

    @ParameterizedTest(name = "distance({0}, {1}) = {2}")
    @CsvSource({"'', '', 0", "abc, '', 3", "kitten, sitting, 3", "flaw, lawn, 2", "same, same, 0"})
    void editDistanceIsLevenshtein(String a, String b, int d) {
        assertEquals(d, Suggestions.distance(a, b));
    }
}
