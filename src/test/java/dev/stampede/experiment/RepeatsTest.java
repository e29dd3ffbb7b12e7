package dev.stampede.experiment;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepeatsTest {

    /** A deterministic task of its seed whose running time varies, so completion order differs from task order. */
    private static List<Callable<Long>> tasks(int n) {
        List<Callable<Long>> out = new ArrayList<>();
        for (long seed : Repeats.seeds(100, n)) {
            out.add(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                long sum = 0;
                int work = (int) (1_000 + (seed * 7919 % 13) * 20_000);
                for (int i = 0; i < work; i++) sum += random.nextInt(1000);
                return sum;
            });
        }
        return out;
    }

    @Test
    void seedsCountUpFromTheScenariosSeed() {
        assertEquals(List.of(7L, 8L, 9L), Repeats.seeds(7, 3));
        assertThrows(IllegalArgumentException.class, () -> Repeats.seeds(7, 0));
    }

    @Test
    void resultsAreTheSameAndInTaskOrderWhateverTheThreadCount() {
        List<Long> one = Repeats.inOrder(tasks(40), 1);
        assertEquals(one, Repeats.inOrder(tasks(40), 2));
        assertEquals(one, Repeats.inOrder(tasks(40), 7));
        assertEquals(40, one.size());
    }

    @Test
    void theFirstFailingTaskInTaskOrderIsReported() {
        List<Callable<Integer>> tasks = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            int index = i;
            tasks.add(() -> {
                ran.incrementAndGet();
                if (index == 5 || index == 9) throw new IllegalStateException("task " + index + " failed");
                return index;
            });
        }
        Repeats.ExperimentFailure f = assertThrows(Repeats.ExperimentFailure.class, () -> Repeats.inOrder(tasks, 3));
        assertEquals(5, f.task());
        assertEquals("task 5 failed", f.getMessage());
        Repeats.ExperimentFailure serial = assertThrows(Repeats.ExperimentFailure.class, () -> Repeats.inOrder(tasks, 1));
        assertEquals(5, serial.task());
        assertTrue(ran.get() >= 6);
    }

    @Test
    void tasksNotStartedWhenTheStopComesAreSkippedAsNull() {
        AtomicInteger ran = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int index = i;
            tasks.add(() -> {
                ran.incrementAndGet();
                if (index == 3) stop.set(true);
                return index;
            });
        }
        List<Integer> out = Repeats.inOrder(tasks, 1, stop::get);
        assertEquals(java.util.Arrays.asList(0, 1, 2, 3, null, null, null, null, null, null), out);
        assertEquals(4, ran.get());
        stop.set(true);
        assertTrue(Repeats.inOrder(tasks, 3, stop::get).stream().allMatch(x -> x == null), "a stop before the start runs nothing");
        assertEquals(4, ran.get());
    }
}
