package dev.stampede.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tally's per-interval table grows on demand, whichever event first reaches a new interval. */
class ServerTallyGrowthTest {

    @Test
    void aDuplicateThatIsTheFirstEventPastTheTablesEndIsCountedInItsInterval() {
        long second = 1_000_000_000L;
        ServerTally tally = new ServerTally(second);
        tally.recordDuplicate(100 * second); // the table starts with 64 intervals: this one needs it to grow
        tally.recordDuplicate(100 * second);
        var view = tally.view(0);
        assertEquals(2, view.duplicates());
        assertEquals(101, view.timeline().size());
        assertEquals(2, view.timeline().get(100).duplicates());
        assertEquals(0, view.timeline().get(99).duplicates());
    }
}
