package dev.stampede.report;

import dev.stampede.metrics.Derived;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.scenario.Durations;
import dev.stampede.scenario.PhaseSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stretch of a run that charts shade: a scripted overload phase, or, when the scenario's phases are
 * not at hand (re-rendering a saved result), a stretch in which the embedded mock forced 529s or errors.
 *
 * @param startSeconds since the run started
 * @param endSeconds   exclusive, {@code > startSeconds}
 * @param label        what the phase does, e.g. {@code 529 30/1000 · capacity ×0.5}
 */
public record PhaseBand(double startSeconds, double endSeconds, String label) {

    /** Forced-529-plus-error share of received requests above which an interval counts as overloaded when inferring. */
    static final double INFERRED_OVERLOAD_SHARE = 0.005;
    /** Fewer forced 529s and errors than this in the window are noise, whatever their share. */
    static final long INFERRED_MIN_COUNT = 3;
    /** The window over which the share is judged. */
    static final double INFERRED_WINDOW_SECONDS = 5.0;
    /** Overloaded stretches closer than this are one phase. */
    static final double INFERRED_BRIDGE_SECONDS = 3.0;

    public PhaseBand {
        if (!(endSeconds > startSeconds)) {
            throw new IllegalArgumentException("a band must end after it starts, got " + startSeconds + ".." + endSeconds);
        }
    }

    /**
     * The scripted overload phases (those {@link PhaseSpec#isOverload()}), each where it holds
     * ({@link Derived#phaseSpan}: until the next phase or {@code durationSeconds}). Phases starting at or after the end
     * are left out.
     */
    public static List<PhaseBand> fromPhases(List<PhaseSpec> phases, double durationSeconds) {
        List<PhaseSpec> sorted = Derived.sorted(phases);
        long end = Math.round(durationSeconds * 1e9);
        List<PhaseBand> bands = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Derived.Window span = Derived.phaseSpan(sorted, i, end);
            if (sorted.get(i).isOverload() && span.endNanos() > span.startNanos()) {
                bands.add(new PhaseBand(span.startNanos() / 1e9, span.endNanos() / 1e9, describe(sorted.get(i))));
            }
        }
        return List.copyOf(bands);
    }

    /**
     * Stretches of {@code run}'s server view that show the footprint of scripted phases, for when the scenario itself is
     * not available: an interval belongs to one when it holds a forced 529 or scripted error and, over the
     * {@value #INFERRED_WINDOW_SECONDS} s centred on it, more than 0.5 % of received requests (and at least
     * {@value #INFERRED_MIN_COUNT}) got one. The window matters because a phase of rare forced 529s leaves single
     * intervals with none; gaps of up to {@value #INFERRED_BRIDGE_SECONDS} s are bridged for the same reason. Empty
     * without a server view. Capacity-only phases leave no such footprint and are not found.
     */
    public static List<PhaseBand> inferredFrom(RunResult run) {
        ServerView server = run.server();
        if (server == null || server.timeline().isEmpty()) return List.of();
        List<ServerView.Interval> t = server.timeline();
        double step = t.size() >= 2 ? t.get(1).startSeconds() - t.get(0).startSeconds() : run.durationSeconds();
        int half = (int) Math.max(0, Math.round(INFERRED_WINDOW_SECONDS / step) / 2);
        long[] scripted = new long[t.size() + 1];
        long[] received = new long[t.size() + 1];
        for (int i = 0; i < t.size(); i++) {
            scripted[i + 1] = scripted[i] + t.get(i).forced529() + t.get(i).errors();
            received[i + 1] = received[i] + t.get(i).received();
        }
        List<double[]> stretches = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).forced529() + t.get(i).errors() == 0) continue;
            int from = Math.max(0, i - half), to = Math.min(t.size(), i + half + 1);
            long s = scripted[to] - scripted[from], r = received[to] - received[from];
            if (s < INFERRED_MIN_COUNT || (double) s / r <= INFERRED_OVERLOAD_SHARE) continue;
            double start = t.get(i).startSeconds();
            double[] last = stretches.isEmpty() ? null : stretches.getLast();
            if (last != null && start - last[1] <= INFERRED_BRIDGE_SECONDS + 1e-9) last[1] = start + step;
            else stretches.add(new double[] {start, start + step});
        }
        return stretches.stream().map(x -> new PhaseBand(x[0], x[1], "forced 529s / errors (inferred)")).toList();
    }

    /** {@code 529 30/1000 · capacity ×0.5 · Retry-After 5s · errors 500:1% · reset 0.1%}. */
    static String describe(PhaseSpec p) {
        List<String> parts = new ArrayList<>();
        if (p.overload() > PhaseSpec.HEALTHY_OVERLOAD_CEILING) parts.add("529 " + Metric.number(p.overload() * 1000) + "/1000");
        if (p.capacityFactor() != 1) parts.add("capacity ×" + Metric.number(p.capacityFactor()));
        if (p.retryAfter() != null) parts.add("Retry-After " + Durations.format(p.retryAfter())
                + (p.retryAfterUpTo() == null ? "" : "–" + Durations.format(p.retryAfterUpTo())));
        for (Map.Entry<Integer, Double> e : p.errors().entrySet()) {
            if (e.getValue() > 0) parts.add(e.getKey() + " " + Metric.number(e.getValue() * 100) + "%");
        }
        if (p.reset() > 0) parts.add("reset " + Metric.number(p.reset() * 100) + "%");
        if (p.hang() > 0) parts.add("hang " + Metric.number(p.hang() * 100) + "%");
        if (p.latencyFactor() != 1) parts.add("latency ×" + Metric.number(p.latencyFactor()));
        if (p.abort() > 0) parts.add("in-flight aborted " + Metric.number(p.abort() * 100) + "%");
        return parts.isEmpty() ? "overload" : String.join(" · ", parts);
    }
}
