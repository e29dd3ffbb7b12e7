package dev.stampede.run;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.StartSchedule;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --start-at}: every row starts at start + k × slot on an injected wall clock; nothing really waits. */
class AlignedStartTest {

    private static final Instant T0 = Instant.parse("2026-12-01T23:00:00Z");
    private static final Duration SLOT = Duration.ofSeconds(47);

    /** A wall clock that advances only when slept on (a sleep of d moves it by d plus a fixed overshoot). */
    private static final class FakeWall implements WallClock {
        Instant now;
        final Duration overshoot;
        int sleeps;

        FakeWall(Instant now, Duration overshoot) {
            this.now = now;
            this.overshoot = overshoot;
        }

        @Override public Instant now() { return now; }

        @Override public void sleep(Duration d) {
            assertTrue(d.isPositive(), "never asked to sleep for " + d);
            sleeps++;
            now = now.plus(d).plus(overshoot);
        }
    }

    /** An engine that notes when (on the fake wall clock) it prepared and started each row, and takes {@code rowTime}. */
    private static final class NotingEngine implements Engine {
        final FakeWall wall;
        final Duration prepareTime;
        final Duration rowTime;
        Instant prepared;
        final List<Instant> rowStarts = new ArrayList<>();

        NotingEngine(FakeWall wall, Duration prepareTime, Duration rowTime) {
            this.wall = wall;
            this.prepareTime = prepareTime;
            this.rowTime = rowTime;
        }

        @Override public String mode() { return "live"; }

        @Override public void prepare(Scenario scenario, BooleanSupplier cancelled) {
            wall.now = wall.now.plus(prepareTime);
            prepared = wall.now;
        }

        @Override public RunResult run(Scenario s, String strategy, BooleanSupplier cancelled, Started progress) {
            rowStarts.add(wall.now);
            wall.now = wall.now.plus(rowTime);
            RunRecorder recorder = new RunRecorder(RunRecorder.Config.forLoad(strategy, 1_000_000_000L, List.of(), s.load(),
                    s.duration().toNanos()));
            return recorder.finish(s.duration().toNanos(), null, false);
        }
    }

    private static final List<String> warnings = new ArrayList<>();

    private static final RunLoop.Listener LISTENER = new RunLoop.Listener() {
        @Override public void started(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots) {}

        @Override public void finished(String strategy) {}

        @Override public void warn(String message) { warnings.add(message); }
    };

    private static Scenario threeRows() throws Exception {
        return ScenarioLoader.parse("""
                name: aligned
                duration: 30s
                load: { rate: 10/s }
                strategies: [none, full, equal]
                """, "aligned.yaml", new HashSet<>(Strategies.names()), Map.of());
    }

    @Test
    void everyRowStartsAtTheStartPlusItsIndexTimesTheSlotNotWhenTheRowBeforeItEnded() throws Exception {
        FakeWall wall = new FakeWall(T0.minusSeconds(20), Duration.ofNanos(137_000));
        NotingEngine engine = new NotingEngine(wall, Duration.ofSeconds(3), Duration.ofSeconds(33));
        RunLoop.Outcome outcome = RunLoop.run(engine, threeRows(), () -> false, LISTENER, T0,
                new RunLoop.Alignment(new StartSchedule(T0, SLOT), wall));

        assertTrue(engine.prepared.isBefore(T0), "prepared before the start instant");
        assertEquals(3, engine.rowStarts.size());
        for (int k = 0; k < 3; k++) {
            Duration off = Duration.between(T0.plus(SLOT.multipliedBy(k)), engine.rowStarts.get(k));
            assertFalse(off.isNegative(), "row " + k + " never starts early: " + off);
            assertTrue(off.compareTo(Duration.ofMillis(1)) < 0, "row " + k + " starts on its instant, off by " + off);
        }
        assertEquals(new StartSchedule(T0, SLOT), outcome.comparison().schedule(), "the result keeps the schedule");
        assertFalse(outcome.partial());
    }

    @Test
    void withoutAnAlignmentRowsFollowEachOtherAndNothingSleeps() throws Exception {
        FakeWall wall = new FakeWall(T0, Duration.ZERO);
        NotingEngine engine = new NotingEngine(wall, Duration.ofSeconds(3), Duration.ofSeconds(33));
        RunLoop.Outcome outcome = RunLoop.run(engine, threeRows(), () -> false, LISTENER, T0);
        assertEquals(List.of(T0.plusSeconds(3), T0.plusSeconds(36), T0.plusSeconds(69)), engine.rowStarts);
        assertEquals(0, wall.sleeps);
        assertEquals(null, outcome.comparison().schedule());
    }

    @Test
    void aPreparationThatEndsAfterTheStartIsRefusedAndSaysByHowMuch() throws Exception {
        FakeWall wall = new FakeWall(T0.minusSeconds(1), Duration.ZERO);
        NotingEngine engine = new NotingEngine(wall, Duration.ofMillis(3_250), Duration.ofSeconds(33));
        RunRefused e = assertThrows(RunRefused.class, () -> RunLoop.run(engine, threeRows(), () -> false, LISTENER, T0,
                new RunLoop.Alignment(new StartSchedule(T0, SLOT), wall)));
        assertTrue(e.getMessage().contains("2.250 s after"), e.getMessage());
        assertTrue(engine.rowStarts.isEmpty(), "no row ran");
    }

    @Test
    void aRowThatCannotStartOnTimeStartsLateWithAWarningNamingIt() throws Exception {
        warnings.clear();
        FakeWall wall = new FakeWall(T0.minusSeconds(10), Duration.ZERO);
        NotingEngine engine = new NotingEngine(wall, Duration.ofSeconds(1), SLOT.plusSeconds(2));  // overruns its slot
        RunLoop.run(engine, threeRows(), () -> false, LISTENER, T0, new RunLoop.Alignment(new StartSchedule(T0, SLOT), wall));
        assertEquals(T0, engine.rowStarts.get(0));
        assertEquals(T0.plus(SLOT).plusSeconds(2), engine.rowStarts.get(1), "started as soon as it could");
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().startsWith("full starts 2.000 s after its aligned start"), warnings.getFirst());
    }

    @Test
    void aCancellationWhileWaitingEndsTheRunPartialBeforeAnyRow() throws Exception {
        FakeWall wall = new FakeWall(T0.minusSeconds(30), Duration.ZERO);
        NotingEngine engine = new NotingEngine(wall, Duration.ofSeconds(1), Duration.ofSeconds(33));
        BooleanSupplier cancelledAfterTwoSleeps = () -> wall.sleeps >= 2;
        RunLoop.Outcome outcome = RunLoop.run(engine, threeRows(), cancelledAfterTwoSleeps, LISTENER, T0,
                new RunLoop.Alignment(new StartSchedule(T0, SLOT), wall));
        assertTrue(engine.rowStarts.isEmpty());
        assertTrue(outcome.partial());
        assertTrue(wall.sleeps <= 3, "the wait polls the cancellation between short sleeps: " + wall.sleeps);
    }

    @Test
    void theSlotIsTheSumOfItsPartsRoundedUpToAWholeSecond() {
        RowSlot slot = new RowSlot(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMillis(2_500), Duration.ofSeconds(5));
        assertEquals(Duration.ofSeconds(40), slot.total());
        assertEquals("40 s (warm-up 2 s + duration 30 s + drain grace 2.5 s + margin 5 s)", slot.describe());
    }
}
