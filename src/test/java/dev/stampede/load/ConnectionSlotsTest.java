package dev.stampede.load;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionSlotsTest {

    private static final long FAR = Long.MAX_VALUE / 2;

    private static void awaitWaiting(ConnectionSlots slots, int n) {
        while (slots.waiting() < n) Thread.onSpinWait();
    }

    @Test
    void noMoreSlotsThanTheCapacityAreHandedOutAndLaneZeroComesFirst() {
        ConnectionSlots slots = new ConnectionSlots(5, 2, () -> 0);
        assertEquals(0, slots.tryAcquire(), "at low concurrency the first lane's warm connections are used");
        assertEquals(0, slots.tryAcquire());
        assertEquals(0, slots.tryAcquire(), "lane 0 has 3 of the 5 slots");
        assertEquals(1, slots.tryAcquire());
        assertEquals(1, slots.tryAcquire());
        assertEquals(-1, slots.tryAcquire(), "5 slots held: none free");
        slots.release(1);
        assertEquals(1, slots.tryAcquire(), "a released slot is taken again");
    }

    @Test
    void aWaiterWhoseDeadlinePassedGetsNoneAndLeavesTheQueue() throws InterruptedException {
        AtomicLong now = new AtomicLong(1_000);
        ConnectionSlots slots = new ConnectionSlots(1, 1, now::get);
        assertEquals(0, slots.acquire(FAR));
        assertEquals(-1, slots.acquire(1_000), "the deadline is already here: no wait, no slot");
        assertEquals(0, slots.waiting());
        slots.release(0);
        assertEquals(1, slots.free());
    }

    @Test
    void aReleasedSlotGoesToTheLongestWaiterBeforeANewcomer() throws Exception {
        ConnectionSlots slots = new ConnectionSlots(1, 1, System::nanoTime);
        int held = slots.acquire(FAR);
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    int lane = slots.acquire(FAR);
                    order.add(id);
                    slots.release(lane);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
            awaitWaiting(slots, i + 1);  // queued in this order
        }
        slots.release(held);
        for (Thread t : waiters) t.join();
        assertEquals(List.of(0, 1, 2), order, "first come, first served");
        assertEquals(1, slots.free());
    }

    @Test
    void aReleasedSlotSkipsWaitersWhoseDeadlinePassedAndTheyGetNone() throws Exception {
        AtomicLong now = new AtomicLong(0);
        ConnectionSlots slots = new ConnectionSlots(1, 1, now::get);
        int held = slots.acquire(FAR);
        AtomicInteger late = new AtomicInteger(99), onTime = new AtomicInteger(99);
        Thread lateWaiter = Thread.ofVirtual().start(() -> {
            try {
                late.set(slots.acquire(1_000));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        awaitWaiting(slots, 1);
        Thread onTimeWaiter = Thread.ofVirtual().start(() -> {
            try {
                onTime.set(slots.acquire(FAR));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        awaitWaiting(slots, 2);
        now.set(5_000);  // the first waiter's deadline has passed, unnoticed: the client was too busy to wake it
        slots.release(held);
        lateWaiter.join();
        onTimeWaiter.join();
        assertEquals(-1, late.get(), "a slot after the deadline would be wasted");
        assertEquals(0, onTime.get(), "the slot goes to the next waiter still in time");
        assertEquals(0, slots.waiting());
    }

    @Test
    void anInterruptedWaiterHoldsNoSlot() throws Exception {
        ConnectionSlots slots = new ConnectionSlots(1, 1, System::nanoTime);
        int held = slots.acquire(FAR);
        AtomicInteger outcome = new AtomicInteger();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                slots.acquire(FAR);
                outcome.set(1);
            } catch (InterruptedException e) {
                outcome.set(2);
            }
        });
        awaitWaiting(slots, 1);
        waiter.interrupt();
        waiter.join();
        assertEquals(2, outcome.get(), "an interrupted wait throws");
        assertEquals(0, slots.waiting());
        slots.release(held);
        assertEquals(1, slots.free(), "the only slot is free again: the interrupted waiter kept none");
    }

    @Test
    void manyThreadsNeverHoldMoreThanTheCapacity() throws Exception {
        ConnectionSlots slots = new ConnectionSlots(4, 2, System::nanoTime);
        AtomicInteger holding = new AtomicInteger(), most = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int k = 0; k < 200; k++) {
                    try {
                        int lane = slots.acquire(FAR);
                        most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        Thread.yield();
                        holding.decrementAndGet();
                        slots.release(lane);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertTrue(most.get() <= 4, "at most 4 held at once, saw " + most.get());
        assertEquals(4, slots.free());
    }

    @Test
    void theSlotsAreFullOnlyWhenEverySlotIsHeldAndAsManyThreadsWaitAsThereAreSlots() throws Exception {
        ConnectionSlots slots = new ConnectionSlots(2, 1, System::nanoTime);
        int a = slots.tryAcquire(), b = slots.tryAcquire();
        assertFalse(slots.full(0), "every slot held, nobody waits: a newcomer would wait one exchange at most");
        assertTrue(slots.full(2), "two threads about to ask count as waiting");
        List<Thread> waiters = new ArrayList<>();
        List<Integer> lanes = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 2; i++) {
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    lanes.add(slots.acquire(FAR));  // kept: the test gives it back
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
            awaitWaiting(slots, i + 1);
            assertEquals(i == 1, slots.full(0), (i + 1) + " waiting for 2 slots");
        }
        slots.release(a);  // handed to the first waiter: one waits now
        assertFalse(slots.full(0), "the line is shorter than the slots again");
        assertTrue(slots.full(1), "one waiting and one coming: as many as the slots");
        slots.release(b);
        for (Thread t : waiters) t.join();
        assertEquals(2, lanes.size());
        for (int lane : lanes) slots.release(lane);
        assertEquals(2, slots.free());
        assertFalse(slots.full(2), "nothing held: two coming take the free slots");
    }

    @Test
    void lanesMustFitTheCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionSlots(0, 1, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionSlots(2, 3, () -> 0));
    }
}
