import dev.stampede.exposition.RunMetrics;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CPU cost of one /metrics scrape of a run: ROWS recorders with EVENTS recorded requests each (latencies spread
 * over 1 ms..10 s, 529s and successes), then SCRAPES collect + text renders, timed after as many warm-up ones.
 * Usage: java -cp target/stampede.jar scripts/bench/ScrapeCost.java [ROWS=4] [EVENTS=1000000] [SCRAPES=2000]
 */
public class ScrapeCost {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int scrapes = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        SplittableRandom rnd = new SplittableRandom(1);
        List<RunRecorder> recorders = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            RunRecorder rec = new RunRecorder(new RunRecorder.Config("s" + r, 1_000_000_000L, List.of(), false, 0));
            for (int i = 0; i < events; i++) {
                long t = i * 100_000L;
                long lat = (long) Math.exp(rnd.nextDouble(Math.log(1e6), Math.log(1e10)));
                rec.arrival(t);
                rec.attemptSent(t);
                rec.attemptDone(t + lat, AttemptOutcome.status(i % 10 == 0 ? 529 : 200), lat);
                rec.requestDone(t + lat, i % 10 == 0 ? FailureReason.NON_RETRYABLE : null, lat, lat);
            }
            recorders.add(rec);
        }
        RunMetrics metrics = new RunMetrics();
        metrics.started("bench", recorders);
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < scrapes; i++) { out.reset(); writer.write(out, metrics.collect()); }
        long start = System.nanoTime();
        for (int i = 0; i < scrapes; i++) {
            out.reset();
            MetricSnapshots s = metrics.collect();
            writer.write(out, s);
        }
        double micros = (System.nanoTime() - start) / 1e3 / scrapes;
        System.out.printf("one scrape of %d rows (%,d requests each): %.0f us collect+render, %,d bytes%n",
                rows, events, micros, out.size());
    }
}
