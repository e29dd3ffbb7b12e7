package dev.stampede.report;

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

    public PhaseBand {
        if (!(endSeconds > startSeconds)) {
            throw new IllegalArgumentException("a band must end after it starts, got " + startSeconds + ".." + endSeconds);
        }
    }

    /**
     * The scripted overload phases (those {@link PhaseSpec#isOverload()}), each until the next phase or
     * {@code durationSeconds}. Phases starting at or after the end are left out.
     */
    public static List<PhaseBand> fromPhases(List<PhaseSpec> phases, double durationSeconds) {
        List<PhaseBand> bands = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            PhaseSpec p = phases.get(i);
            double start = p.at().toNanos() / 1e9;
            double end = i + 1 < phases.size() ? Math.min(durationSeconds, phases.get(i + 1).at().toNanos() / 1e9) : durationSeconds;
            if (p.isOverload() && end > start) bands.add(new PhaseBand(start, end, describe(p)));
        }
        return List.copyOf(bands);
    }

    /**
     * Stretches of {@code run}'s server view in which more than 0.5 % of received requests got a forced 529 or a
     * scripted error: the visible footprint of the scripted phases when the scenario itself is not available.
     * Empty without a server view. Capacity-only phases leave no such footprint and are not found.
     */
    public static List<PhaseBand> inferredFrom(RunResult run) {
        ServerView server = run.server();
        if (server == null || server.timeline().isEmpty()) return List.of();
        List<ServerView.Interval> t = server.timeline();
        double step = t.size() >= 2 ? t.get(1).startSeconds() - t.get(0).startSeconds() : run.durationSeconds();
        List<PhaseBand> bands = new ArrayList<>();
        double open = Double.NaN;
        for (ServerView.Interval i : t) {
            boolean overloaded = i.received() > 0 && (double) (i.forced529() + i.errors()) / i.received() > INFERRED_OVERLOAD_SHARE;
            if (overloaded && Double.isNaN(open)) open = i.startSeconds();
            if (!overloaded && !Double.isNaN(open)) {
                bands.add(new PhaseBand(open, i.startSeconds(), "forced 529s / errors (inferred)"));
                open = Double.NaN;
            }
        }
        if (!Double.isNaN(open)) {
            bands.add(new PhaseBand(open, t.getLast().startSeconds() + step, "forced 529s / errors (inferred)"));
        }
        return List.copyOf(bands);
    }

    /** {@code 529 30/1000 · capacity ×0.5 · Retry-After 5s · errors 500:1% · reset 0.1%}. */
    static String describe(PhaseSpec p) {
        List<String> parts = new ArrayList<>();
        if (p.overload() > PhaseSpec.HEALTHY_OVERLOAD_CEILING) parts.add("529 " + Metric.number(p.overload() * 1000) + "/1000");
        if (p.capacityFactor() != 1) parts.add("capacity ×" + Metric.number(p.capacityFactor()));
        if (p.retryAfter() != null) parts.add("Retry-After " + Durations.format(p.retryAfter()));
        for (Map.Entry<Integer, Double> e : p.errors().entrySet()) {
            if (e.getValue() > 0) parts.add(e.getKey() + " " + Metric.number(e.getValue() * 100) + "%");
        }
        if (p.reset() > 0) parts.add("reset " + Metric.number(p.reset() * 100) + "%");
        if (p.hang() > 0) parts.add("hang " + Metric.number(p.hang() * 100) + "%");
        if (p.latencyFactor() != 1) parts.add("latency ×" + Metric.number(p.latencyFactor()));
        return parts.isEmpty() ? "overload" : String.join(" · ", parts);
    }
}
