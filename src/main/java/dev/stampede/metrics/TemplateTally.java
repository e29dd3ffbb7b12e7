package dev.stampede.metrics;

import dev.stampede.retry.FailureReason;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The figures of each request template of a mix ({@code mix:}): requests ended, succeeded, attempts and the
 * latency from the intended start (coordinated-omission corrected, as the row's). A request counts when its
 * lifecycle ends; open-model arrivals refused as {@code clientSaturated} never started and count in no template.
 * Thread-safe: client threads record at once without a shared lock.
 */
final class TemplateTally {

    private final List<String> names;
    private final LongAdder[] requests, succeeded, cutOff, attempts;
    private final Recorder[] latency;

    TemplateTally(List<String> names) {
        this.names = List.copyOf(names);
        int n = names.size();
        requests = adders(n);
        succeeded = adders(n);
        cutOff = adders(n);
        attempts = adders(n);
        latency = new Recorder[n];
        for (int i = 0; i < n; i++) latency[i] = new Recorder(RunRecorder.SIGNIFICANT_DIGITS);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) a[i] = new LongAdder();
        return a;
    }

    void done(int template, FailureReason failure, int attemptCount, long fromIntendedNanos) {
        if (template < 0 || template >= names.size()) throw new IllegalArgumentException("no template " + template);
        requests[template].increment();
        if (failure == null) succeeded[template].increment();
        else if (failure.cutByRunEnd()) cutOff[template].increment();
        attempts[template].add(attemptCount);
        latency[template].recordValue(Math.min(RunRecorder.HIGHEST_MICROS, Math.max(0, fromIntendedNanos / 1_000)));
    }

    /** Each template's figures, in the mix's order. Call once, at the run's end. */
    List<RunResult.TemplateFigures> finish() {
        List<RunResult.TemplateFigures> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Histogram h = latency[i].getIntervalHistogram();
            out.add(new RunResult.TemplateFigures(names.get(i), requests[i].sum(), succeeded[i].sum(), cutOff[i].sum(),
                    attempts[i].sum(), Derived.latency(h)));
        }
        return List.copyOf(out);
    }
}
