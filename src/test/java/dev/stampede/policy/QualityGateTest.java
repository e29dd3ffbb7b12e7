package dev.stampede.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityGateTest {

    @ParameterizedTest(name = "\"{0}\" passes a 20-char minimum: {1}")
    @CsvSource(delimiter = '|', value = {
            "''                        | false",
            "'nineteen characters'     | false",
            "'twenty characters!!'     | false",
            "'twenty characters!!!'    | true",
            "'a much longer answer to the question' | true",
    })
    void lengthGateCountsCharacters(String body, boolean passes) {
        assertEquals(passes, QualityGate.minLength(20).passes(body), "body of " + body.length() + " chars against minLength 20");
    }

    @Test
    void aMissingBodyFailsALengthGate() {
        assertFalse(QualityGate.minLength(1).passes(null));
    }

    @Test
    void markerGateRequiresTheMarkerIgnoringCase() {
        QualityGate gate = QualityGate.requiring("\"type\":\"message\"");
        assertTrue(gate.passes("{\"type\":\"message\",\"content\":[]}"));
        assertTrue(gate.passes("{\"TYPE\":\"Message\"}"), "case is ignored");
        assertFalse(gate.passes("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"));
        assertFalse(gate.passes(null));
    }

    @Test
    void seedZeroGateRejectsShortAnswersAndRefusals() {
        QualityGate gate = QualityGate.SEED_000;
        assertTrue(gate.passes("Here is a summary of the benefits of async programming."));
        assertFalse(gate.passes("OK."), "shorter than 20 chars");
        assertFalse(gate.passes("I'm sorry, but I cannot help with that request today."), "contains the refusal, whatever its case");
    }

    @Test
    void lengthAndMarkerMustBothHold() {
        QualityGate gate = new QualityGate(10, "ok", null);
        assertFalse(gate.passes("ok"), "marker present, too short");
        assertFalse(gate.passes("long enough but without it"), "long, marker absent");
        assertTrue(gate.passes("long enough and ok"));
    }

    @Test
    void aGateThatChecksNothingIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(0, "", null));
        assertThrows(IllegalArgumentException.class, () -> QualityGate.minLength(-1));
    }
}
