package dev.stampede.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IntervalRecorderTest {

    static final long S = 1_000_000_000L;

    @Test
    void aVirtualThreadHandsTheCloseOfASecondToTheRollerAndGoesOn() throws Exception {
        List<IntervalRecorder> requests = new CopyOnWriteArrayList<>();
        IntervalRecorder r = new IntervalRecorder(true, requests::add);
        Thread client = Thread.ofVirtual().start(() -> {
            r.record(S / 2, 100);
            r.record(3 * S / 2, 200);     // past the first second: asks for the close, does not close
            r.record(8 * S / 5, 300);     // a request is already queued: no second one
        });
        client.join();
        assertEquals(List.of(r), requests);
        assertEquals(0, r.closedSeconds(), "the virtual thread closed nothing itself");

        r.rollRequested();                // what the roller's platform thread does
        assertEquals(1, r.closedSeconds());
        LatencyLog.Frozen f = r.freeze(2);
        assertEquals(3, f.total().getTotalCount());
        assertEquals(3, f.intervals().get(0).getTotalCount(),
                "values recorded before the roller closed the second are filed in it (the documented race)");
        assertEquals(0, f.intervals().get(1).getTotalCount());
    }

    @Test
    void aPlatformThreadClosesTheSecondItselfAtItsFirstEventPastTheEnd() {
        List<IntervalRecorder> requests = new CopyOnWriteArrayList<>();
        IntervalRecorder r = new IntervalRecorder(true, requests::add);
        r.record(S / 2, 100);
        r.record(3 * S / 2, 200);
        assertEquals(List.of(), requests);
        assertEquals(1, r.closedSeconds());
        LatencyLog.Frozen f = r.freeze(2);
        assertEquals(1, f.intervals().get(0).getTotalCount());
        assertEquals(1, f.intervals().get(1).getTotalCount());
    }

    @Test
    void theRollerThreadClosesASecondAVirtualThreadAskedFor() throws Exception {
        IntervalRecorder r = new IntervalRecorder(true);
        Thread client = Thread.ofVirtual().start(() -> {
            r.record(S / 2, 100);
            r.record(5 * S / 2, 200);
        });
        client.join();
        // freeze closes whatever the roller has not closed yet: the per-second histograms add up either way
        LatencyLog.Frozen f = r.freeze(3);
        assertEquals(3, f.intervals().size());
        assertEquals(2, f.intervals().stream().mapToLong(h -> h.getTotalCount()).sum());
        assertEquals(2, f.total().getTotalCount());
    }
}
