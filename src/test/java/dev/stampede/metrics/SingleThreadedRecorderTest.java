package dev.stampede.metrics;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The single-threaded recorder (plain histograms) against the concurrent one, fed the same events in time order. */
class SingleThreadedRecorderTest {

    static final long MS = 1_000_000L, S = 1_000_000_000L;

    /** Requests of one to three attempts with latencies from 1 ms to 100 s (past the pre-sized minute), over 5 s. */
    static void feed(RunRecorder r) {
        SplittableRandom random = new SplittableRandom(7);
        long t = 0;
        for (int i = 0; i < 3_000; i++) {
            t += random.nextLong(1, 3 * MS);
            r.arrival(t);
            int attempts = random.nextInt(1, 4);
            for (int a = 0; a < attempts; a++) {
                r.attemptSent(t);
                long latency = i == 2_000 ? 100 * S : random.nextLong(MS, 900 * MS);
                r.attemptDone(t, a + 1 == attempts ? AttemptOutcome.status(200) : AttemptOutcome.status(529), latency);
            }
            r.requestDone(t, null, random.nextLong(MS, 2 * S), random.nextLong(MS, S));
        }
    }

    @Test
    void givesTheSameFiguresAndPerSecondHistogramsAsTheConcurrentRecorder() {
        RunRecorder.Config config = new RunRecorder.Config("full", 100 * MS, List.of(), true, 0);
        RunRecorder concurrent = new RunRecorder(config), plain = RunRecorder.singleThreaded(config);
        feed(concurrent);
        feed(plain);
        RunResult a = concurrent.finish(6 * S, null, false), b = plain.finish(6 * S, null, false);

        assertEquals(a.request(), b.request());
        assertEquals(a.requestUncorrected(), b.requestUncorrected());
        assertEquals(a.attempt(), b.attempt());
        assertEquals(a.phases(), b.phases());
        assertEquals(100_000.0, b.attempt().max(), 100.0, "a value past the pre-sized minute is kept");
        List<Histogram> ia = a.histograms().requestIntervals(), ib = b.histograms().requestIntervals();
        assertEquals(6, ib.size());
        assertEquals(ia.size(), ib.size());
        for (int i = 0; i < ia.size(); i++) {
            assertEquals(ia.get(i).getTotalCount(), ib.get(i).getTotalCount(), "second " + i);
            assertEquals(ia.get(i).getValueAtPercentile(99), ib.get(i).getValueAtPercentile(99), "second " + i);
            assertEquals(ia.get(i).getStartTimeStamp(), ib.get(i).getStartTimeStamp(), "second " + i);
        }
    }
}
