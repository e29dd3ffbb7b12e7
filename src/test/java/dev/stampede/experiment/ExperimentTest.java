package dev.stampede.experiment;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentTest {

    static final Path AWS = Path.of("scenarios/aws-contention.yaml");

    static final Experiment.RowRunner SIMULATOR = (s, row, cancelled) -> new Simulator(s).run(s.policy(row),
            new RunRecorder(Simulator.recorderConfig(s, row).withoutIntervalHistograms()),
            new Simulator.Watch(cancelled, t -> { })).result();

    static Experiment.ScenarioSource aws(String... strategies) {
        return overrides -> ScenarioLoader.load(AWS, new HashSet<>(Strategies.names()), Map.of(), overrides)
                .withStrategies(List.of(strategies));
    }

    @Test
    void aSweepRunsEveryRowOfEveryPointWithConsecutiveSeeds() throws ScenarioException, IOException {
        Experiment.Result r = Experiment.run(aws("none", "full"), Sweep.parse("load.clients=5,10"), 3, SIMULATOR, 2);
        assertEquals(2, r.points().size());
        assertEquals("10", r.points().get(1).point().text());
        RowSummary full = r.points().get(1).rows().get(1);
        assertEquals("full", full.row());
        assertEquals(List.of(2015L, 2016L, 2017L), full.repeats().stream().map(RowSummary.Repeat::seed).toList());
        // herd of 10 clients, one request each: every repeat completes all of them
        assertEquals(1.0, full.get(Figure.SUCCESS_RATE).mean());
        assertTrue(full.get(Figure.ATTEMPTS).mean() >= 10);
        assertTrue(r.points().get(1).rows().get(0).get(Figure.ATTEMPTS).mean()
                > r.points().get(0).rows().get(0).get(Figure.ATTEMPTS).mean(), "more clients, more contention");
    }

    @Test
    void theResultIsIdenticalWhateverTheThreadCount() throws ScenarioException, IOException {
        Sweep sweep = Sweep.parse("load.clients=10..30:10");
        Experiment.Result one = Experiment.run(aws("equal", "full"), sweep, 4, SIMULATOR, 1);
        Experiment.Result two = Experiment.run(aws("equal", "full"), sweep, 4, SIMULATOR, 2);
        Experiment.Result five = Experiment.run(aws("equal", "full"), sweep, 4, SIMULATOR, 5);
        assertEquals(one.points(), two.points());
        assertEquals(one.points(), five.points());
    }

    @Test
    void repeatsWithoutASweepAreOnePointWithoutAValue() throws ScenarioException, IOException {
        Experiment.Result r = Experiment.run(aws("full"), null, 2, SIMULATOR, 2);
        assertEquals(1, r.points().size());
        assertEquals(null, r.points().get(0).point());
        assertEquals(2, r.points().get(0).rows().get(0).repeats().size());
    }

    @Test
    void aStopKeepsTheRunsThatFinishedLeavesOutTheCutOneAndMarksTheResultPartial() throws ScenarioException, IOException {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        int[] runs = {0};
        // the stop signal comes while the 5th run is under way (as Ctrl-C would): that run is cut, nothing else starts
        Experiment.RowRunner stopping = (s, row, cancelled) -> {
            if (++runs[0] == 5) stop.set(true);
            return SIMULATOR.run(s, row, cancelled);
        };
        Experiment.Result r = Experiment.run(aws("none", "full"), Sweep.parse("load.clients=5,10,15"), 3, stopping, 1, stop::get);
        assertTrue(r.partial());
        assertEquals(5, runs[0], "no run starts after the stop");
        assertEquals(4, r.finishedRuns());
        assertEquals(1, r.points().size(), "the other two points never started and are left out");
        assertEquals(List.of(3, 1), r.points().get(0).rows().stream().map(x -> x.repeats().size()).toList(),
                "load.clients=5: none finished its 3 repeats, full only its first");
        assertEquals(List.of(2015L), r.points().get(0).rows().get(1).repeats().stream().map(RowSummary.Repeat::seed).toList());
        Experiment.Result whole = Experiment.run(aws("none", "full"), Sweep.parse("load.clients=5"), 3, SIMULATOR, 1);
        assertFalse(whole.partial());
        assertEquals(whole.points().get(0).rows().get(0), r.points().get(0).rows().get(0),
                "a row that finished before the stop is reported as in a whole run");
    }

    @Test
    void anInvalidPointIsReportedBeforeAnythingRuns() {
        int[] runs = {0};
        Experiment.RowRunner counting = (s, row, cancelled) -> {
            runs[0]++;
            return SIMULATOR.run(s, row, cancelled);
        };
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> Experiment.run(aws("full"), Sweep.parse("load.clients=10,0"), 2, counting, 1));
        assertTrue(e.getMessage().contains("aws-contention.yaml:17:12: load.clients"), e.getMessage());
        assertEquals(0, runs[0]);
    }

    @Test
    void aMixedScenarioIsRefusedWithTheReason() {
        Experiment.ScenarioSource mixed = overrides -> {
            Scenario s = aws("full").load(overrides);
            return s.withPopulation(List.of(new dev.stampede.scenario.PopulationSpec("full", 1.0)));
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Experiment.run(mixed, null, 2, SIMULATOR, 1));
        assertTrue(e.getMessage().contains("population:"), e.getMessage());
    }
}
