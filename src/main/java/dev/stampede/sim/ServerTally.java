package dev.stampede.sim;

import dev.stampede.metrics.ServerView;
import dev.stampede.server.LoadSeries;
import dev.stampede.server.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * The simulated server's own account of a run ({@link ServerView}): what it received and what it did
 * with each request, in total and per timeline interval. Single-threaded, like the event loop feeding it.
 */
final class ServerTally {

    private static final int RECEIVED = 0, ADMITTED = 1, SHED = 2, FORCED = 3, ERRORS = 4, DUPLICATES = 5, COLUMNS = 6;

    private final long intervalNanos;
    private long[] perInterval = new long[64 * COLUMNS];
    private int intervals;
    private final TreeMap<Integer, Long> errors = new TreeMap<>();
    private long received, admitted, shed, forced529, resets, hangs;
    private long duplicates, replayed, conflicts;

    ServerTally(long intervalNanos) {
        if (intervalNanos <= 0) throw new IllegalArgumentException("intervalNanos must be > 0, got " + intervalNanos);
        this.intervalNanos = intervalNanos;
    }

    /** A request reached the server at {@code tNanos} and got {@code verdict}. */
    void record(long tNanos, Verdict verdict) {
        int base = slot(tNanos);
        received++;
        perInterval[base + RECEIVED]++;
        switch (verdict) {
            case Verdict.Admit a -> {
                admitted++;
                perInterval[base + ADMITTED]++;
            }
            case Verdict.Queued q -> { // admitted to the waiting room: it passed every admission check
                admitted++;
                perInterval[base + ADMITTED]++;
            }
            case Verdict.Reject r -> {
                switch (r.cause()) {
                    case SHED -> {
                        shed++;
                        perInterval[base + SHED]++;
                    }
                    case FORCED -> {
                        forced529++;
                        perInterval[base + FORCED]++;
                    }
                    case ERROR, RATE_LIMITED -> error(base, r.status()); // a rate limit's 429s count with the errors, as the mock counts them
                    case QUEUE_TIMEOUT -> throw new IllegalArgumentException("a queue timeout is no arrival's verdict");
                }
            }
            case Verdict.Abort a -> { // a forced 529, counted at arrival as the live mock counts it
                forced529++;
                perInterval[base + FORCED]++;
            }
            case Verdict.Reset r -> resets++;
            case Verdict.Hang h -> hangs++;
        }
    }

    /**
     * A phase aborted a request in service at {@code tNanos} (a server with workers decides aborts at the phase
     * start): a forced 529 of a request already counted as admitted when it arrived.
     */
    void recordAbort(long tNanos) {
        int base = slot(tNanos);
        forced529++;
        perInterval[base + FORCED]++;
    }

    /** A duplicate execution completed at {@code tNanos} ({@link dev.stampede.server.Executions}). */
    void recordDuplicate(long tNanos) {
        duplicates++;
        int base = slot(tNanos); // first: slot may replace perInterval, and `perInterval[slot(t) + …]` reads the old array
        perInterval[base + DUPLICATES]++;
    }

    /** An attempt reached the server at {@code tNanos} and was answered from the idempotency store: received and admitted. */
    void recordReplay(long tNanos) {
        int base = slot(tNanos);
        received++;
        perInterval[base + RECEIVED]++;
        admitted++;
        perInterval[base + ADMITTED]++;
        replayed++;
    }

    /** An attempt reached the server at {@code tNanos} while its key's work was in progress: an error with {@code status} (409). */
    void recordConflict(long tNanos, int status) {
        int base = slot(tNanos);
        received++;
        perInterval[base + RECEIVED]++;
        error(base, status);
        conflicts++;
    }

    /** An OCC write at {@code tNanos}: admitted when it succeeded, else an error with {@code conflictStatus}. */
    void recordWrite(long tNanos, boolean succeeded, int conflictStatus) {
        int base = slot(tNanos);
        received++;
        perInterval[base + RECEIVED]++;
        if (succeeded) {
            admitted++;
            perInterval[base + ADMITTED]++;
        } else {
            error(base, conflictStatus);
        }
    }

    long received() { return received; }

    /** The frozen view, with a timeline of at least {@code minIntervals} intervals. */
    ServerView view(int minIntervals) {
        return view(minIntervals, LoadSeries.Snapshot.EMPTY);
    }

    /**
     * The frozen view with the server's load series ({@code load}, in slots of this tally's interval): mean levels,
     * busy, wasted and worker time, queue timeouts per interval.
     */
    ServerView view(int minIntervals, LoadSeries.Snapshot load) {
        int n = Math.max(minIntervals, intervals);
        double len = intervalNanos;
        List<ServerView.Interval> timeline = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int b = i * COLUMNS;
            boolean has = b + COLUMNS <= perInterval.length;
            has = has && i < intervals;
            timeline.add(new ServerView.Interval(i * (intervalNanos / 1e9),
                    has ? perInterval[b + RECEIVED] : 0, has ? perInterval[b + ADMITTED] : 0,
                    has ? perInterval[b + SHED] : 0, has ? perInterval[b + FORCED] : 0,
                    has ? perInterval[b + ERRORS] : 0,
                    load.busyNanos(i, i + 1) / len, load.queuedNanos(i, i + 1) / len, load.busyNanos(i, i + 1) / 1e9,
                    load.wastedNanos(i, i + 1) / 1e9, load.workerNanos(i, i + 1) / 1e9, load.timeouts(i, i + 1),
                    has ? perInterval[b + DUPLICATES] : 0));
        }
        return new ServerView(received, admitted, shed, forced529, Collections.unmodifiableMap(new TreeMap<>(errors)), resets, hangs,
                List.copyOf(timeline), load.timeouts(0, Integer.MAX_VALUE), load.busyNanos(0, Integer.MAX_VALUE) / 1e9,
                load.wastedNanos(0, Integer.MAX_VALUE) / 1e9, duplicates, replayed, conflicts);
    }

    private void error(int base, int status) {
        errors.merge(status, 1L, Long::sum);
        perInterval[base + ERRORS]++;
    }

    private int slot(long tNanos) {
        long index = tNanos / intervalNanos;
        if (index >= Integer.MAX_VALUE / COLUMNS) throw new IllegalStateException("run too long for the timeline: " + tNanos + " ns");
        int i = (int) index;
        if (i >= intervals) intervals = i + 1;
        int need = (i + 1) * COLUMNS;
        if (need > perInterval.length) perInterval = Arrays.copyOf(perInterval, Math.max(need, perInterval.length * 2));
        return i * COLUMNS;
    }
}
