package dev.stampede.report;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.PhaseSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Test fixture: the recorded events of one strategy's run against a capacity-limited server, produced by a
 * tiny discrete-event simulation (seeded, virtual time). 200 requests/s arrive for 60 s; the server admits
 * 240/s, answers only 529s from 10 s to 11 s (an outage), then runs at 75 % capacity forcing 3 % 529s until 40 s,
 * then forces 0.9 % until 50 s. Clients retry
 * 529s up to 5 attempts with the named backoff (base 1 s, cap 8 s), so {@code none} produces synchronized retry
 * waves and the jittered strategies spread them. The same events feed the whole run and its shards, which is
 * what makes the merge test exact.
 */
public record RecordedWorkload(String strategy, long durationNanos, List<Request> requests) {

    static final long SECOND = 1_000_000_000L;
    public static final long DURATION_NANOS = 60 * SECOND;
    public static final List<PhaseSpec> PHASES = List.of(
            new PhaseSpec(Duration.ZERO, 0.0004, 1.0, null, Map.of(), 0, 0, 1),
            new PhaseSpec(Duration.ofSeconds(10), 1.0, 1.0, null, Map.of(), 0, 0, 1),
            new PhaseSpec(Duration.ofSeconds(11), 0.03, 0.75, Duration.ofSeconds(5), Map.of(), 0, 0, 1),
            new PhaseSpec(Duration.ofSeconds(40), 0.009, 1.0, null, Map.of(), 0, 0, 1),
            new PhaseSpec(Duration.ofSeconds(50), 0.0004, 1.0, null, Map.of(500, 0.0), 0, 0, 1));

    /** One HTTP attempt: sent at {@code sentNanos}, answered {@code status} after {@code latencyNanos}; forced = scripted 529. */
    record Attempt(long sentNanos, long latencyNanos, int status, boolean forced) {
        long doneNanos() { return sentNanos + latencyNanos; }
    }

    /**
     * One logical request.
     *
     * @param firstSendNanos when its first attempt actually left (a little after the intended arrival)
     * @param doneNanos      when it ended, or -1 when still open at the run's end
     */
    record Request(int id, long arrivalNanos, long firstSendNanos, List<Attempt> attempts, boolean succeeded, long doneNanos) {}

    public static RecordedWorkload simulate(String strategy, long seed) {
        return simulate(strategy, seed, 200, DURATION_NANOS);
    }

    public static RecordedWorkload simulate(String strategy, long seed, int ratePerSecond, long durationNanos) {
        SplittableRandom rng = new SplittableRandom(seed);
        int count = (int) (durationNanos / SECOND * ratePerSecond);
        long gap = SECOND / ratePerSecond;
        record Event(long t, int request, int attempt, long previousDelayNanos) {}
        PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.t != b.t ? Long.compare(a.t, b.t) : Integer.compare(a.request, b.request));
        List<List<Attempt>> attempts = new ArrayList<>();
        long[] firstSend = new long[count];
        long[] done = new long[count];
        boolean[] ok = new boolean[count];
        for (int i = 0; i < count; i++) {
            attempts.add(new ArrayList<>());
            done[i] = -1;
            long sendLag = 200_000 + rng.nextLong(3_000_000);
            firstSend[i] = i * gap + sendLag;
            queue.add(new Event(firstSend[i], i, 0, SECOND));
        }
        long bucketNanos = SECOND / 10;
        int[] admittedPerBucket = new int[(int) (durationNanos / bucketNanos) + 1];
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            if (e.t >= durationNanos) continue; // never sent: the run ended while it waited
            PhaseSpec phase = phaseAt(e.t);
            int bucket = (int) (e.t / bucketNanos);
            double capacityPerBucket = 24 * phase.capacityFactor();
            boolean forced = rng.nextDouble() < phase.overload();
            boolean shed = !forced && admittedPerBucket[bucket] >= capacityPerBucket;
            int status = forced || shed ? 529 : 200;
            if (status == 200) admittedPerBucket[bucket]++;
            long latency = status == 200 ? (long) (20e6 * Math.exp(0.8 * gaussian(rng))) : 2_000_000 + rng.nextLong(1_000_000);
            Attempt a = new Attempt(e.t, latency, status, forced);
            attempts.get(e.request).add(a);
            if (status == 200) {
                ok[e.request] = true;
                done[e.request] = a.doneNanos() < durationNanos ? a.doneNanos() : -1;
            } else if (e.attempt + 1 >= 5) {
                done[e.request] = a.doneNanos() < durationNanos ? a.doneNanos() : -1;
            } else {
                long delay = delayNanos(strategy, e.attempt, e.previousDelayNanos, rng);
                queue.add(new Event(a.doneNanos() + delay, e.request, e.attempt + 1, delay));
            }
        }
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(new Request(i, i * gap, firstSend[i], List.copyOf(attempts.get(i)), ok[i] && done[i] >= 0, done[i]));
        }
        return new RecordedWorkload(strategy, durationNanos, List.copyOf(requests));
    }

    /**
     * Replays every event before the run's end into the real {@link RunRecorder}, in time order (ties in each
     * request's own order), and freezes the result with the server view counted from the same events.
     */
    public RunResult record(long intervalNanos, double targetRatePerSecond) {
        RunRecorder recorder = new RunRecorder(new RunRecorder.Config(strategy, intervalNanos, PHASES, false, targetRatePerSecond));
        record Event(long t, long seq, Runnable action) {}
        List<Event> events = new ArrayList<>();
        long seq = 0;
        for (Request r : requests) {
            events.add(new Event(r.arrivalNanos(), seq++, () -> recorder.arrival(r.arrivalNanos())));
            for (int j = 0; j < r.attempts().size(); j++) {
                Attempt a = r.attempts().get(j);
                events.add(new Event(a.sentNanos(), seq++, () -> recorder.attemptSent(a.sentNanos())));
                events.add(new Event(a.doneNanos(), seq++,
                        () -> recorder.attemptDone(a.doneNanos(), AttemptOutcome.status(a.status()), a.latencyNanos())));
                if (j + 1 < r.attempts().size()) {
                    long next = r.attempts().get(j + 1).sentNanos();
                    events.add(new Event(a.doneNanos(), seq++, () -> recorder.backoffBegins(a.doneNanos())));
                    events.add(new Event(next, seq++, () -> recorder.backoffEnds(next)));
                }
            }
            if (r.doneNanos() >= 0) {
                FailureReason failure = r.succeeded() ? null : FailureReason.EXHAUSTED;
                events.add(new Event(r.doneNanos(), seq++, () -> recorder.requestDone(r.doneNanos(), failure,
                        r.doneNanos() - r.arrivalNanos(), r.doneNanos() - r.firstSendNanos())));
            }
        }
        events.sort(Comparator.comparingLong(Event::t).thenComparingLong(Event::seq));
        for (Event e : events) if (e.t() < durationNanos) e.action().run();
        return recorder.finish(durationNanos, RecordedResults.of(this).server(), false);
    }

    /** The requests whose id falls in shard {@code index} of {@code count} (1-based, round robin). */
    public RecordedWorkload shard(int index, int count) {
        return new RecordedWorkload(strategy, durationNanos, requests.stream().filter(r -> r.id() % count == index - 1).toList());
    }

    static PhaseSpec phaseAt(long tNanos) {
        PhaseSpec current = PHASES.getFirst();
        for (PhaseSpec p : PHASES) if (p.at().toNanos() <= tNanos) current = p;
        return current;
    }

    /** The AWS blog's formulas, base 1 s, cap 8 s; {@code attempt} counts retries from 0. */
    private static long delayNanos(String strategy, int attempt, long previousNanos, SplittableRandom rng) {
        long base = SECOND;
        long cap = 8 * SECOND;
        long exp = Math.min(cap, base << attempt);
        return switch (strategy) {
            case "none" -> exp;
            case "full" -> rng.nextLong(exp + 1);
            case "equal" -> exp / 2 + rng.nextLong(exp / 2 + 1);
            case "decorrelated" -> Math.min(cap, base + rng.nextLong(Math.max(1, previousNanos * 3 - base)));
            default -> throw new IllegalArgumentException(strategy);
        };
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
