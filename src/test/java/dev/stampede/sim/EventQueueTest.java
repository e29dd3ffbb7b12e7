package dev.stampede.sim;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventQueueTest {

    @Test
    void eventsComeOutInTimeOrderAndTiesInInsertionOrder() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            EventQueue q = new EventQueue(4);
            int n = 5_000;
            long[] timeOf = new long[n];
            int scheduled = 0;
            long lastTime = 0;
            int lastPayload = -1;
            int polled = 0;
            // interleave schedules and polls, always scheduling at or after the current time, with many ties
            while (polled < n) {
                if (scheduled < n && (q.isEmpty() || rng.nextInt(3) > 0)) {
                    long t = q.now() + rng.nextInt(50);
                    timeOf[scheduled] = t;
                    q.schedule(t, scheduled++);
                } else {
                    q.poll();
                    polled++;
                    long t = q.polledTime();
                    int p = q.polledPayload();
                    assertEquals(timeOf[p], t, "payload " + p + " must come out at the time it was scheduled for");
                    assertTrue(t >= lastTime, "time moved backwards: " + t + " after " + lastTime + " (seed " + seed + ")");
                    if (t == lastTime) assertTrue(p > lastPayload, "ties must leave in insertion order: " + p + " after " + lastPayload);
                    lastTime = t;
                    lastPayload = p;
                }
            }
            assertTrue(q.isEmpty(), "every scheduled event was polled once");
        }
    }

    @Test
    void schedulingAnEventBeforeTheCurrentTimeIsRefused() {
        EventQueue q = new EventQueue(16);
        q.schedule(1_000, 1);
        q.poll();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.schedule(999, 2));
        assertTrue(e.getMessage().contains("backwards"), e.getMessage());
    }

    @Test
    void pollingAnEmptyQueueIsAnError() {
        assertThrows(IllegalStateException.class, () -> new EventQueue(16).poll());
    }
}
