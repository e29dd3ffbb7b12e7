package dev.stampede.exposition;

import dev.stampede.metrics.RunRecorder;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client's figures of every strategy run so far in this process, read from each run's {@link RunRecorder} when
 * Prometheus scrapes (docs/reports.md, live metrics, lists every name and label). A run's series appear when it
 * starts and keep their last values after it ends, so a final scrape sees every strategy's totals. Labels are the
 * scenario's name and the row's name (strategy, policy or population) only: never a URL, header or body.
 * Thread-safe: runs are added from the run loop while the endpoint's thread collects.
 */
public final class RunMetrics implements MultiCollector {

    /** Upper bounds of the latency buckets, in seconds (Prometheus' defaults, finer below 5 ms, up to 60 s timeouts). */
    static final double[] LATENCY_BUCKETS_SECONDS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private record Run(Labels labels, RunRecorder recorder) {}

    private final List<Run> runs = new CopyOnWriteArrayList<>();

    /** Adds the recorders of a run that is starting (one per row), labelled with the scenario's name. */
    public void started(String scenario, List<RunRecorder> recorders) {
        for (RunRecorder r : recorders) {
            Labels labels = Labels.of("scenario", scenario, "strategy", r.config().strategy());
            runs.removeIf(old -> old.labels().equals(labels)); // the same row again: its latest run wins
            runs.add(new Run(labels, r));
        }
    }

    @Override
    public MetricSnapshots collect() {
        Counters started = new Counters("stampede_requests_started", "Logical requests started (arrivals).");
        Counters succeeded = new Counters("stampede_requests_succeeded",
                "Logical requests that succeeded, on any tier, counted at completion; goodput is its rate.");
        Counters failed = new Counters("stampede_requests_failed", "Logical requests that failed, by reason.");
        Counters attempts = new Counters("stampede_attempts", "HTTP attempts sent, first tries and retries.");
        Counters overloaded = new Counters("stampede_attempts_overloaded", "Attempts answered 529 (overloaded).");
        Counters responses = new Counters("stampede_attempt_responses",
                "Completed attempts that got an HTTP answer, by status class (529s count in 5xx).");
        Counters errors = new Counters("stampede_attempt_errors", "Completed attempts without an HTTP answer, by error kind.");
        Counters retries = new Counters("stampede_retries",
                "Waits begun before a next attempt (retry backoffs and fallback pauses).");
        GaugeSnapshot.Builder inFlight = GaugeSnapshot.builder().name("stampede_attempts_in_flight")
                .help("Attempts on the wire now.");
        GaugeSnapshot.Builder backingOff = GaugeSnapshot.builder().name("stampede_requests_backing_off")
                .help("Logical requests waiting before their next attempt now.");
        HistogramSnapshot.Builder requestLatency = HistogramSnapshot.builder().name("stampede_request_duration_seconds")
                .help("Logical request latency from the intended start (coordinated-omission corrected), failed ones included.");
        HistogramSnapshot.Builder attemptLatency = HistogramSnapshot.builder().name("stampede_attempt_duration_seconds")
                .help("Latency of one HTTP attempt.");

        for (Run run : runs) {
            Labels l = run.labels();
            RunRecorder.Totals t = run.recorder().totals();
            started.add(l, t.requests().started());
            succeeded.add(l, t.requests().succeeded());
            t.requests().failures().forEach((reason, n) -> failed.add(l.add("reason", reason), n));
            attempts.add(l, t.attempts());
            overloaded.add(l, t.overloaded());
            long[] byClass = new long[STATUS_CLASSES.length];
            Map<String, Long> kinds = new TreeMap<>();
            t.statuses().forEach((key, n) -> {
                int cls = statusClass(key);
                if (cls >= 0) byClass[cls] += n;
                else if (cls == -1) kinds.merge(key, n, Long::sum);
            });
            for (int i = 0; i < byClass.length; i++) responses.add(l.add("status_class", STATUS_CLASSES[i]), byClass[i]);
            kinds.forEach((kind, n) -> errors.add(l.add("kind", kind), n));
            retries.add(l, t.waits());
            inFlight.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(t.inFlight()).build());
            backingOff.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(t.backingOff()).build());
            requestLatency.dataPoint(run.recorder().readRequestLatency(h -> histogram(l, h)));
            attemptLatency.dataPoint(run.recorder().readAttemptLatency(h -> histogram(l, h)));
        }
        return MetricSnapshots.of(started.build(), succeeded.build(), failed.build(), attempts.build(), overloaded.build(),
                responses.build(), errors.build(), retries.build(), inFlight.build(), backingOff.build(),
                requestLatency.build(), attemptLatency.build());
    }

    /**
     * The index into {@link #STATUS_CLASSES} of a status key, -1 for a client error kind (a non-numeric key), -2 for a
     * status outside 100..599 (counted nowhere: no class fits).
     */
    static int statusClass(String key) {
        if (key.isEmpty() || !Character.isDigit(key.charAt(0))) return -1;
        int status;
        try {
            status = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            return -1;
        }
        return status >= 100 && status < 600 ? status / 100 - 1 : -2;
    }

    /**
     * Classic buckets cut from an HdrHistogram in microseconds: each bucket counts the values up to its bound, within
     * the histogram's 3 significant digits (an HdrHistogram bucket counts under a bound when its lowest value is at or
     * below it); the sum adds each HdrHistogram bucket's middle value times its count (same precision).
     */
    static HistogramSnapshot.HistogramDataPointSnapshot histogram(Labels labels, Histogram micros) {
        int n = LATENCY_BUCKETS_SECONDS.length;
        double[] bounds = new double[n + 1];
        long[] boundsMicros = new long[n];
        for (int i = 0; i < n; i++) {
            bounds[i] = LATENCY_BUCKETS_SECONDS[i];
            boundsMicros[i] = Math.round(LATENCY_BUCKETS_SECONDS[i] * 1e6);
        }
        bounds[n] = Double.POSITIVE_INFINITY;
        long[] counts = new long[n + 1];
        double sumMicros = 0;
        // one pass over the non-empty HdrHistogram buckets; each lands in the first bound at or above its value
        int b = 0;
        for (HistogramIterationValue v : micros.recordedValues()) {
            long value = micros.lowestEquivalentValue(v.getValueIteratedTo());
            while (b < n && value > boundsMicros[b]) b++;
            counts[b] += v.getCountAtValueIteratedTo();
            sumMicros += (double) micros.medianEquivalentValue(v.getValueIteratedTo()) * v.getCountAtValueIteratedTo();
        }
        return HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                .sum(sumMicros / 1e6)
                .build();
    }

    /** One counter family being built. */
    private static final class Counters {
        private final CounterSnapshot.Builder builder;
        private final List<CounterSnapshot.CounterDataPointSnapshot> points = new ArrayList<>();

        Counters(String name, String help) {
            this.builder = CounterSnapshot.builder().name(name).help(help);
        }

        void add(Labels labels, long value) {
            points.add(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        CounterSnapshot build() {
            points.forEach(builder::dataPoint);
            return builder.build();
        }
    }
}
