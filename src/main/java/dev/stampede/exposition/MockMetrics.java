package dev.stampede.exposition;

import dev.stampede.metrics.ServerView;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The standalone mock's own counts ({@code stampede mock --metrics}), read from the mock when Prometheus scrapes.
 * Counters restart at 0 when the mock's clock restarts ({@code POST /__stampede/reset}); Prometheus' {@code rate()}
 * treats that as a counter reset.
 *
 * <p>The hook for a server queue model: pass {@code queueLength} (requests waiting for a worker) and it is exposed as
 * {@code stampede_mock_queue_length}; {@code inService} is already exposed as {@code stampede_mock_in_service}.
 *
 * @param totals      the mock's totals since its clock (re)started (timeline not needed)
 * @param inService   requests admitted and being served now
 * @param queueLength requests queued for a worker now, or {@code null} while the mock has no queue model
 */
public record MockMetrics(Supplier<ServerView> totals, LongSupplier inService, LongSupplier queueLength)
        implements MultiCollector {

    public MockMetrics {
        if (totals == null || inService == null) throw new IllegalArgumentException("totals and inService are required");
    }

    @Override
    public MetricSnapshots collect() {
        ServerView v = totals.get();
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(counter("stampede_mock_received", "Requests served by the mock's model (control calls not counted).", v.received()));
        out.add(counter("stampede_mock_admitted", "Requests admitted by the capacity model.", v.admitted()));
        out.add(counter("stampede_mock_shed", "Requests shed with a 529 by the capacity or concurrency limit.", v.shed()));
        out.add(counter("stampede_mock_forced_overloaded", "529s forced by a phase's overload probability.", v.forced529()));
        CounterSnapshot.Builder errors = CounterSnapshot.builder().name("stampede_mock_errors")
                .help("Scripted error answers, by status.");
        for (Map.Entry<Integer, Long> e : v.errors().entrySet()) {
            errors.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("status", Integer.toString(e.getKey()))).value(e.getValue()).build());
        }
        out.add(errors.build());
        out.add(counter("stampede_mock_resets", "Connections reset by a scripted fault.", v.resets()));
        out.add(counter("stampede_mock_hangs", "Requests left hanging by a scripted fault.", v.hangs()));
        out.add(gauge("stampede_mock_in_service", "Requests admitted and being served now.", inService.getAsLong()));
        if (queueLength != null) {
            out.add(gauge("stampede_mock_queue_length", "Requests waiting for a worker now.", queueLength.getAsLong()));
        }
        return new MetricSnapshots(out);
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeSnapshot gauge(String name, String help, long value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
