package dev.stampede.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OccRecordTest {

    @Test
    void aWriteOnTheVersionJustReadSucceedsAndMovesTheVersionOn() {
        OccRecord r = new OccRecord();
        long v = r.read();
        assertEquals(0, v);
        assertTrue(r.write(v));
        assertEquals(1, r.version());
        assertEquals(1, r.read());
    }

    @Test
    void ofTwoWritersWhoReadTheSameVersionOnlyTheFirstWins() {
        OccRecord r = new OccRecord();
        long a = r.read();
        long b = r.read();
        assertTrue(r.write(a), "the first writer succeeds");
        assertFalse(r.write(b), "the second writer's version moved: 409");
        assertEquals(1, r.version());
        assertEquals(2, r.reads());
        assertEquals(2, r.writes(), "both write calls count as work");
        assertEquals(1, r.conflicts());
    }

    @Test
    void nClientsContendingInLockstepNeedNSquaredOverTwoWrites() {
        // every round all remaining clients read, then all write: one wins per round (the blog's N² work)
        int n = 10;
        OccRecord r = new OccRecord();
        for (int remaining = n; remaining > 0; remaining--) {
            long[] read = new long[remaining];
            for (int i = 0; i < remaining; i++) read[i] = r.read();
            int wins = 0;
            for (int i = 0; i < remaining; i++) if (r.write(read[i])) wins++;
            assertEquals(1, wins, "exactly one writer per round wins");
        }
        assertEquals((long) n * (n + 1) / 2, r.writes(), "n(n+1)/2 write calls");
        assertEquals(n, r.version());
    }
}
