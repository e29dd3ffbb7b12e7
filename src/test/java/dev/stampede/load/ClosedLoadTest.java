package dev.stampede.load;

import dev.stampede.scenario.LoadSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClosedLoadTest {

    private static final long THINK = Duration.ofSeconds(10).toNanos();
    private static final long SEED = 7;

    /**
     * Runs the first task it is given (the starter, when there is one) at once; of every later one (a client's thread) it records when,
     * on the run's clock, it was handed over, and does not run it. Stops the arrivals after {@code stopAfter} clients.
     */
    private static final class StartTimes extends AbstractExecutorService {
        final RunTiming timing;
        final int stopAfter;
        final List<Long> startedAt = new ArrayList<>();
        boolean starterRan;

        /** @param starter whether the first task is the starter (with a think time) */
        StartTimes(RunTiming timing, int stopAfter, boolean starter) {
            this.timing = timing;
            this.stopAfter = stopAfter;
            this.starterRan = !starter;
        }

        @Override public void execute(Runnable task) {
            if (!starterRan) {
                starterRan = true;
                task.run();
                return;
            }
            startedAt.add(timing.elapsedNanos());
            if (startedAt.size() == stopAfter) timing.arrivals().stop();
        }

        @Override public void shutdown() {}
        @Override public List<Runnable> shutdownNow() { return List.of(); }
        @Override public boolean isShutdown() { return false; }
        @Override public boolean isTerminated() { return false; }
        @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    }

    /** Each client's first arrival as the load draws it: the first draw of its own split of the clients' source. */
    private static List<Long> firstArrivals(int clients) {
        RandomGenerator.SplittableGenerator random = LiveEngine.clientRandom(SEED);
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < clients; i++) at.add(random.split().nextLong(THINK));
        at.sort(null);
        return at;
    }

    @Test
    void eachClientsThreadStartsAtItsFirstArrivalEarliestFirstNotAllAtTheStart() {
        RunTiming timing = new RunTiming(new VirtualClock());
        StartTimes executor = new StartTimes(timing, Integer.MAX_VALUE, true);
        new ClosedLoad(new LoadSpec.Closed(200, Duration.ofNanos(THINK)))
                .start(new LoadDriver.Context(timing, null, null, executor, LiveEngine.clientRandom(SEED), null));
        assertEquals(firstArrivals(200), executor.startedAt,
                "200 threads, each handed over at its client's first arrival U(0, think), in time order");
    }

    @Test
    void noClientStartsOnceTheArrivalsStopped() {
        RunTiming timing = new RunTiming(new VirtualClock());
        StartTimes executor = new StartTimes(timing, 10, true);
        new ClosedLoad(new LoadSpec.Closed(200, Duration.ofNanos(THINK)))
                .start(new LoadDriver.Context(timing, null, null, executor, LiveEngine.clientRandom(SEED), null));
        assertEquals(firstArrivals(200).subList(0, 10), executor.startedAt, "the starter stops with the arrivals");
    }

    @Test
    void withoutThinkTimeEveryClientStartsAtOnce() {
        RunTiming timing = new RunTiming(new VirtualClock());
        StartTimes executor = new StartTimes(timing, Integer.MAX_VALUE, false);
        new ClosedLoad(new LoadSpec.Closed(50, Duration.ZERO))
                .start(new LoadDriver.Context(timing, null, null, executor, LiveEngine.clientRandom(SEED), null));
        assertEquals(java.util.Collections.nCopies(50, 0L), executor.startedAt, "no starter: 50 threads at t=0");
    }
}
