import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.report.ResultJson;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads the result of scripts/bench/open-recovery.sh's run through stampede's own JSON reader and prints, per second of
 * the run: the target rate, the achieved rate (arrivals not refused: handed to a client thread to send), attempts sent,
 * requests served (succeeded), arrivals refused as clientSaturated, and the request latency p99 (corrected, of the
 * requests that ended in that second). Then judges the final WINDOW seconds: achieved within 1 % of the target, 0
 * refused, and the window's p99 under P99_MS — or, with P99_MS {@code before}, no higher than the p99 of the first
 * stage's second half, before the overload (a machine too loaded to hold the first stage at a low p99 cannot be asked
 * to do better after it).
 *
 * <p>Run with the stampede jar on the class path (a single-file source program):
 * {@code java -cp target/stampede.jar scripts/bench/OpenRecovery.java RESULT.json STAGES WINDOW P99_MS}, where STAGES
 * is {@code RATExSECONDS,...} (e.g. {@code 3000x10,20000x10,3000x15}). Exit status 0 when the window holds, 1 when not.
 */
public class OpenRecovery {

    public static void main(String[] args) throws Exception {
        Comparison c = ResultJson.read(Path.of(args[0]));
        String[] stages = args[1].split(",");
        int window = Integer.parseInt(args[2]);
        boolean relative = args[3].equals("before");
        double p99LimitMs = relative ? Double.NaN : Double.parseDouble(args[3]);
        int firstStageSeconds = Integer.parseInt(stages[0].split("x")[1]);
        int beforeFrom = firstStageSeconds / 2;
        Histogram beforeLatency = null;
        int total = 0;
        for (String s : stages) total += Integer.parseInt(s.split("x")[1]);
        RunResult r = c.runs().get(0);
        List<RunResult.Interval> timeline = r.timeline();
        List<Histogram> latency = r.histograms().requestIntervals();

        System.out.printf(Locale.ROOT, "%-5s %-7s %-9s %-9s %-8s %-8s %s%n", "sec", "target", "achieved", "attempts",
                "served", "refused", "p99ms");
        Histogram windowLatency = null;
        long windowAchieved = 0, windowRefused = 0, windowServed = 0;
        double windowTarget = 0;
        for (int i = 0; i < timeline.size(); i++) {
            RunResult.Interval iv = timeline.get(i);
            double target = targetAt(stages, i);
            Histogram h = i < latency.size() ? latency.get(i) : null;
            double p99 = h == null || h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e3;
            System.out.printf(Locale.ROOT, "%-5d %-7.0f %-9d %-9d %-8d %-8d %.2f%n", i, target, iv.arrivals() - iv.refused(), iv.attempts(),
                    iv.succeeded(), iv.refused(), p99);
            if (i >= beforeFrom && i < firstStageSeconds && h != null) {
                if (beforeLatency == null) beforeLatency = new Histogram(h.getNumberOfSignificantValueDigits());
                beforeLatency.add(h);
            }
            if (i >= total - window && i < total) {
                windowAchieved += iv.arrivals() - iv.refused();
                windowServed += iv.succeeded();
                windowRefused += iv.refused();
                windowTarget += target;
                if (h != null) {
                    if (windowLatency == null) windowLatency = new Histogram(h.getNumberOfSignificantValueDigits());
                    windowLatency.add(h);
                }
            }
        }
        double windowP99 = windowLatency == null || windowLatency.getTotalCount() == 0 ? Double.NaN
                : windowLatency.getValueAtPercentile(99) / 1e3;
        boolean rateHeld = Math.abs(windowAchieved - windowTarget) <= 0.01 * windowTarget;
        boolean noneRefused = windowRefused == 0;
        double beforeP99 = beforeLatency == null || beforeLatency.getTotalCount() == 0 ? Double.NaN
                : beforeLatency.getValueAtPercentile(99) / 1e3;
        System.out.printf(Locale.ROOT, "before the overload (seconds %d-%d): p99 %.2f ms%n", beforeFrom,
                firstStageSeconds - 1, beforeP99);
        if (relative) p99LimitMs = beforeP99;
        boolean fast = relative ? windowP99 <= p99LimitMs : windowP99 < p99LimitMs;
        System.out.printf(Locale.ROOT, "whole run: %d arrivals, %d refused (clientSaturated), %d succeeded, client-bound %s%n",
                r.requests().started(), r.requests().refused(), r.requests().succeeded(), r.clientBound());
        System.out.printf(Locale.ROOT, "final %d s (seconds %d-%d): achieved %.0f/s of %.0f/s (%s), served %.0f/s, refused %d (%s), "
                        + "p99 %.2f ms (%s %s %.2f ms)%n", window, total - window, total - 1, windowAchieved / (double) window,
                windowTarget / window, rateHeld ? "ok" : "MISSED", windowServed / (double) window, windowRefused, noneRefused ? "ok" : "MISSED", windowP99,
                fast ? "ok" : "MISSED", relative ? "<= before's" : "<", p99LimitMs);
        System.exit(rateHeld && noneRefused && fast ? 0 : 1);
    }

    /** The target rate of second {@code second} of the run; 0 after the last stage. */
    private static double targetAt(String[] stages, int second) {
        int start = 0;
        for (String s : stages) {
            String[] p = s.split("x");
            int len = Integer.parseInt(p[1]);
            if (second < start + len) return Double.parseDouble(p[0]);
            start += len;
        }
        return 0;
    }
}
