package dev.stampede.metrics;

import java.util.List;
import java.util.Map;

/**
 * The embedded mock's own account of a run, to set beside the client's (docs/metrics.md, the server view).
 *
 * @param errors    scripted error responses by status
 * @param timeline  per interval, aligned with the run's timeline
 */
public record ServerView(long received, long admitted, long shed, long forced529, Map<Integer, Long> errors,
                         long resets, long hangs, List<Interval> timeline) {

    public record Interval(double startSeconds, long received, long admitted, long shed, long forced529, long errors) {}
}
