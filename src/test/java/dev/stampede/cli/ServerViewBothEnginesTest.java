package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.report.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server columns mean the same in both engines: a live run against the embedded mock (its 10 ms load series summed
 * into 1 s) and a simulated run (the simulator's tally per 1 s interval) of one scenario report the same levels.
 * The live run lasts 3 s over loopback.
 */
class ServerViewBothEnginesTest {

    @Test
    void liveAndSimulatedRunsReportTheSameServerLoadPerInterval(@TempDir Path dir) throws Exception {
        // 40/s evenly spaced, 25 ms of service, 2 workers: one request in service on average, utilisation 0.5, no queue
        Path scenario = dir.resolve("half.yaml");
        Files.writeString(scenario, """
                name: half-busy
                duration: 3s
                seed: 5
                target: embedded
                request: { path: /v1/messages, timeout: 5s }
                load: { rate: 40/s }
                server: { latency: 25ms, workers: 2, queue: 100 }
                sim: { interval: 1s }
                strategies: [none]
                """);
        Path live = dir.resolve("live.json"), sim = dir.resolve("sim.json");
        CliHarness l = CliHarness.run("run", scenario.toString(), "--json", live.toString(), "--no-live", "--quiet");
        assertEquals(0, l.exitCode(), l.err());
        CliHarness s = CliHarness.run("sim", scenario.toString(), "--json", sim.toString(), "--quiet");
        assertEquals(0, s.exitCode(), s.err());
        RunResult liveRun = ResultJson.read(live).runs().getFirst(), simRun = ResultJson.read(sim).runs().getFirst();
        for (RunResult r : List.of(liveRun, simRun)) {
            String who = r == liveRun ? "live" : "sim";
            ServerView v = r.server();
            assertTrue(v != null && v.timeline().size() >= 3, who + ": a server timeline of the run's seconds");
            assertEquals(0.0, r.wastedShare(), 1e-9, who + ": every client waited for its answer");
            // seconds 1 and 2: away from the start-up and the drain
            for (int i = 1; i <= 2; i++) {
                ServerView.Interval x = v.timeline().get(i);
                assertEquals(1.0, x.inService(), 0.2, who + " second " + i + ": one request in service on average");
                assertEquals(0.5, x.utilisation(), 0.1, who + " second " + i + ": half of two workers");
                assertEquals(0.0, x.queued(), 0.1, who + " second " + i + ": nobody waits");
            }
            assertEquals(3 * 40 * 0.025, v.busySeconds(), 0.3, who + ": 120 services of 25 ms");
        }
    }
}
