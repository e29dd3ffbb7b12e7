package dev.stampede.report;

import dev.stampede.metrics.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhaseBandTest {

    @Test
    void scriptedPhasesBecomeBandsUntilTheNextPhaseAndHealthyOnesAreLeftOut() {
        List<PhaseBand> bands = PhaseBand.fromPhases(RecordedWorkload.PHASES, 60);
        assertEquals(List.of(
                new PhaseBand(10, 11, "529 1000/1000"),
                new PhaseBand(11, 40, "529 30/1000 · capacity ×0.75 · Retry-After 5s"),
                new PhaseBand(40, 50, "529 9/1000")), bands);
    }

    @Test
    void withoutTheScenarioTheForced529FootprintIsInferredAsOneStretchPerOverload() {
        // launch-spike: forced 529s from 10 s (outage, then 3 %) to 50 s (0.9 %); 0.04 % before and after is noise.
        RunResult none = RecordedResults.comparison().runs().getFirst();
        List<PhaseBand> bands = PhaseBand.inferredFrom(none);
        assertEquals(1, bands.size(), "one stretch expected: " + bands);
        assertEquals(10, bands.getFirst().startSeconds(), 0.0, "starts with the outage");
        assertEquals(50, bands.getFirst().endSeconds(), 2.0, "ends with the 0.9 % phase at 50 s, within 2 s: " + bands);
    }
}
