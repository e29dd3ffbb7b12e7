package dev.stampede.metrics;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.scenario.PhaseSpec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

/**
 * Benchmark (not a test; run by scripts/bench/recorder.sh): the recorder's cost per event, single-threaded
 * as the simulator drives it (virtual time, 100 ms intervals, 10 minutes of run) and from many virtual threads
 * at once as the live engine does (1 s intervals). Prints nanoseconds per event and the cost of finish.
 */
public final class RecorderBench {

    private static final long MS = 1_000_000L;
    private static final AttemptOutcome OK = AttemptOutcome.status(200), OVERLOADED = AttemptOutcome.status(529);

    public static void main(String[] args) throws Exception {
        long requests = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<PhaseSpec> phases = List.of(new PhaseSpec(Duration.ZERO, 0, 1, null, Map.of(), 0, 0, 1),
                new PhaseSpec(Duration.ofMinutes(2), 0.03, 0.5, null, Map.of(), 0, 0, 1),
                new PhaseSpec(Duration.ofMinutes(5), 0, 1, null, Map.of(), 0, 0, 1));
        for (int round = 1; round <= rounds; round++) {
            RunRecorder r = new RunRecorder(new RunRecorder.Config("full", 100 * MS, phases, false, requests / 600.0));
            long gapNanos = 600_000 * MS / requests;   // spread over 10 minutes of virtual time
            long events = 0;
            long t0 = System.nanoTime();
            for (long i = 0; i < requests; i++) {
                long t = i * gapNanos;
                events += oneRequest(r, t, i % 10 == 0);
            }
            long t1 = System.nanoTime();
            RunResult res = r.finish(600_000 * MS, null, false);
            long t2 = System.nanoTime();
            System.out.printf("single thread, round %d: %,d events in %,d ms = %.0f ns/event; finish %,d ms (%d intervals, amplification %.2f)%n",
                    round, events, (t1 - t0) / 1_000_000, (double) (t1 - t0) / events, (t2 - t1) / 1_000_000,
                    res.timeline().size(), res.amplification());
        }
        int threads = 1000;
        for (int round = 1; round <= Math.min(rounds, 3); round++) {
            RunRecorder r = new RunRecorder(new RunRecorder.Config("full", 1000 * MS, phases, false, 0));
            long perThread = requests / threads;
            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Long>> done = new ArrayList<>();
                for (int k = 0; k < threads; k++) {
                    long offset = k;
                    done.add(pool.submit(() -> {
                        long events = 0;
                        for (long i = 0; i < perThread; i++) events += oneRequest(r, (i * threads + offset) * 300_000L, i % 10 == 0);
                        return events;
                    }));
                }
                long events = 0;
                for (Future<Long> f : done) events += f.get();
                long t1 = System.nanoTime();
                System.out.printf("%d virtual threads, round %d: %,d events in %,d ms = %.0f ns/event (wall, all cores)%n",
                        threads, round, events, (t1 - t0) / 1_000_000, (double) (t1 - t0) / events);
            }
        }
    }

    /** arrival, attempt, (529, backoff, attempt,) requestDone: returns the number of recorder calls. */
    private static int oneRequest(RunRecorder r, long t, boolean retried) {
        r.arrival(t);
        r.attemptSent(t);
        if (retried) {
            r.attemptDone(t + 20 * MS, OVERLOADED, 20 * MS);
            r.backoffBegins(t + 20 * MS);
            r.backoffEnds(t + 520 * MS);
            r.attemptSent(t + 520 * MS);
            r.attemptDone(t + 550 * MS, OK, 30 * MS);
            r.requestDone(t + 550 * MS, null, 550 * MS, 550 * MS);
            return 8;
        }
        r.attemptDone(t + 30 * MS, OK, 30 * MS);
        r.requestDone(t + 30 * MS, null, 30 * MS, 30 * MS);
        return 4;
    }
}
