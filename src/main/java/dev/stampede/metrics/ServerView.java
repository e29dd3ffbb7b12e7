package dev.stampede.metrics;

import java.util.List;
import java.util.Map;

/**
 * The embedded mock's own account of a run, to set beside the client's (docs/metrics.md, the server view).
 *
 * @param errors        scripted error responses by status
 * @param timeline      per interval, aligned with the run's timeline
 * @param queueTimeouts requests the server dropped after waiting {@code server.queueTimeout} (529s, cause {@code queueTimeout})
 * @param busySeconds   busy worker time: the sum over requests of the time each was in service
 * @param wastedSeconds the part of {@code busySeconds} spent on attempts whose client had stopped waiting before
 *                      the attempt completed
 * @param duplicates    duplicate executions: completed executions of a logical request after its first (docs/metrics.md)
 * @param replayed      attempts answered from the idempotency store without work ({@code server.idempotency}); counted
 *                      in {@code admitted}
 * @param conflicts     attempts answered 409 because their key's work was in progress ({@code server.idempotency});
 *                      counted in {@code errors} under 409
 * @param degradedAnswers admitted attempts drawn a degraded (empty) 200 ({@code degraded}), per phase of the server's
 *                      model and of each route's; empty when there were none
 */
public record ServerView(long received, long admitted, long shed, long forced529, Map<Integer, Long> errors,
                         long resets, long hangs, List<Interval> timeline, long queueTimeouts, double busySeconds,
                         double wastedSeconds, long duplicates, long replayed, long conflicts,
                         List<DegradedPhase> degradedAnswers) {

    public ServerView {
        degradedAnswers = degradedAnswers == null ? List.of() : List.copyOf(degradedAnswers);
    }

    /** A view without degraded-answer counts. */
    public ServerView(long received, long admitted, long shed, long forced529, Map<Integer, Long> errors,
                      long resets, long hangs, List<Interval> timeline, long queueTimeouts, double busySeconds,
                      double wastedSeconds, long duplicates, long replayed, long conflicts) {
        this(received, admitted, shed, forced529, errors, resets, hangs, timeline, queueTimeouts, busySeconds, wastedSeconds,
                duplicates, replayed, conflicts, List.of());
    }

    /** This view with {@code counts} as its degraded answers per model phase. */
    public ServerView withDegradedAnswers(List<DegradedPhase> counts) {
        return new ServerView(received, admitted, shed, forced529, errors, resets, hangs, timeline, queueTimeouts, busySeconds,
                wastedSeconds, duplicates, replayed, conflicts, counts);
    }

    /** Degraded answers in all. */
    public long degraded() {
        return degradedAnswers.stream().mapToLong(DegradedPhase::count).sum();
    }

    /**
     * Degraded answers drawn during one phase of one model.
     *
     * @param route     the route's prefix, or {@code null} for the server's top-level model
     * @param phase     index of the phase in that model's phases (by {@code at})
     * @param atSeconds the phase's start
     * @param count     admitted attempts drawn a degraded 200 while the phase was in force
     */
    public record DegradedPhase(String route, int phase, double atSeconds, long count) {}

    /** A view without duplicate or idempotency counts. */
    public ServerView(long received, long admitted, long shed, long forced529, Map<Integer, Long> errors,
                      long resets, long hangs, List<Interval> timeline, long queueTimeouts, double busySeconds,
                      double wastedSeconds) {
        this(received, admitted, shed, forced529, errors, resets, hangs, timeline, queueTimeouts, busySeconds, wastedSeconds, 0, 0, 0);
    }

    /** A view without server-side load figures (a server that reported none). */
    public ServerView(long received, long admitted, long shed, long forced529, Map<Integer, Long> errors,
                      long resets, long hangs, List<Interval> timeline) {
        this(received, admitted, shed, forced529, errors, resets, hangs, timeline, 0, 0, 0);
    }

    /** Wasted work: {@code wastedSeconds / busySeconds}, 0 when the server was never busy. */
    public double wastedShare() {
        return busySeconds > 0 ? wastedSeconds / busySeconds : 0;
    }

    /**
     * One interval of the server's timeline.
     *
     * @param inService     mean requests in service over the interval
     * @param queued        mean requests waiting for a worker over the interval
     * @param busySeconds   busy worker time in the interval
     * @param wastedSeconds the part of it spent for clients that had stopped waiting
     * @param workerSeconds worker capacity ({@code workers × capacityFactor} × time), 0 when workers are unlimited
     * @param queueTimeouts requests dropped by {@code queueTimeout} in the interval
     * @param duplicates    duplicate executions completed in the interval
     */
    public record Interval(double startSeconds, long received, long admitted, long shed, long forced529, long errors,
                           double inService, double queued, double busySeconds, double wastedSeconds, double workerSeconds,
                           long queueTimeouts, long duplicates) {

        /** An interval without duplicate counts. */
        public Interval(double startSeconds, long received, long admitted, long shed, long forced529, long errors,
                        double inService, double queued, double busySeconds, double wastedSeconds, double workerSeconds,
                        long queueTimeouts) {
            this(startSeconds, received, admitted, shed, forced529, errors, inService, queued, busySeconds, wastedSeconds,
                    workerSeconds, queueTimeouts, 0);
        }

        /** An interval without load figures. */
        public Interval(double startSeconds, long received, long admitted, long shed, long forced529, long errors) {
            this(startSeconds, received, admitted, shed, forced529, errors, 0, 0, 0, 0, 0, 0, 0);
        }

        /** Busy worker time over worker capacity; {@code NaN} when workers are unlimited. */
        public double utilisation() {
            return workerSeconds > 0 ? busySeconds / workerSeconds : Double.NaN;
        }

        /** Share of the busy time that was wasted; 0 when idle. */
        public double wastedShare() {
            return busySeconds > 0 ? wastedSeconds / busySeconds : 0;
        }
    }
}
