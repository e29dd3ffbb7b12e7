package dev.stampede.server;

import dev.stampede.metrics.ServerView;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ServerSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code GET /__stampede/stats}:
 * <pre>{@code
 * {"runSeconds":12.3,"uptimeSeconds":40.1,"phase":{"index":1,"at":10.0},"inService":4,"queued":0,
 *  "total":{"received":..,"admitted":..,"shed":..,"forced529":..,"errors":{"500":3},"resets":..,"hangs":..,
 *           "queueTimeout":..,"busySeconds":..,"wastedSeconds":..,"duplicates":..,"replayed":..,"conflicts":..},
 *  "perSecond":[{"t":0,"received":..,"admitted":..,"shed":..,"forced529":..,"errors":..,"inService":..,"queued":..,
 *                "utilisation":..|null,"busySeconds":..,"wastedSeconds":..,"queueTimeout":..,"duplicates":..}, ...]}
 * }</pre>
 * {@code perSecond} holds the last {@value #PER_SECOND_KEPT} seconds of the run, {@code errors} there
 * counting every scripted fault (error statuses, resets, hangs).
 */
final class StatsJson {

    static final int PER_SECOND_KEPT = 60;

    private StatsJson() {}

    static byte[] render(ServerStats stats, long runNanos, long uptimeNanos, long inService, ServerSpec spec) {
        return render(stats, runNanos, uptimeNanos, inService, 0, LoadSeries.Snapshot.EMPTY, spec);
    }

    /**
     * @param queued requests waiting for a worker now
     * @param load   the model's load series (busy, wasted, waiting, worker time; queue timeouts)
     */
    static byte[] render(ServerStats stats, long runNanos, long uptimeNanos, long inService, long queued, LoadSeries.Snapshot load,
                         ServerSpec spec) {
        ServerView v = stats.view(1_000_000_000L, runNanos, load);
        PhaseSpec phase = spec.phaseAt(runNanos);
        StringBuilder b = new StringBuilder(512);
        b.append("{\"runSeconds\":").append(seconds(runNanos))
                .append(",\"uptimeSeconds\":").append(seconds(uptimeNanos))
                .append(",\"phase\":{\"index\":").append(spec.phases().indexOf(phase))
                .append(",\"at\":").append(seconds(phase.at().toNanos())).append('}')
                .append(",\"inService\":").append(inService)
                .append(",\"queued\":").append(queued)
                .append(",\"total\":{\"received\":").append(v.received())
                .append(",\"admitted\":").append(v.admitted())
                .append(",\"shed\":").append(v.shed())
                .append(",\"forced529\":").append(v.forced529())
                .append(",\"errors\":{");
        boolean first = true;
        for (Map.Entry<Integer, Long> e : v.errors().entrySet()) {
            if (!first) b.append(',');
            first = false;
            b.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        b.append("},\"resets\":").append(v.resets())
                .append(",\"hangs\":").append(v.hangs())
                .append(",\"queueTimeout\":").append(v.queueTimeouts())
                .append(",\"busySeconds\":").append(seconds(Math.round(v.busySeconds() * 1e9)))
                .append(",\"wastedSeconds\":").append(seconds(Math.round(v.wastedSeconds() * 1e9)))
                .append(",\"duplicates\":").append(v.duplicates())
                .append(",\"replayed\":").append(v.replayed())
                .append(",\"conflicts\":").append(v.conflicts())
                .append("},\"perSecond\":[");
        List<ServerView.Interval> timeline = v.timeline();
        for (int i = Math.max(0, timeline.size() - PER_SECOND_KEPT); i < timeline.size(); i++) {
            ServerView.Interval in = timeline.get(i);
            if (b.charAt(b.length() - 1) != '[') b.append(',');
            b.append("{\"t\":").append((long) in.startSeconds())
                    .append(",\"received\":").append(in.received())
                    .append(",\"admitted\":").append(in.admitted())
                    .append(",\"shed\":").append(in.shed())
                    .append(",\"forced529\":").append(in.forced529())
                    .append(",\"errors\":").append(in.errors())
                    .append(",\"inService\":").append(String.format(Locale.ROOT, "%.2f", in.inService()))
                    .append(",\"queued\":").append(String.format(Locale.ROOT, "%.2f", in.queued()))
                    .append(",\"utilisation\":").append(Double.isNaN(in.utilisation()) ? "null" : String.format(Locale.ROOT, "%.3f", in.utilisation()))
                    .append(",\"busySeconds\":").append(String.format(Locale.ROOT, "%.3f", in.busySeconds()))
                    .append(",\"wastedSeconds\":").append(String.format(Locale.ROOT, "%.3f", in.wastedSeconds()))
                    .append(",\"queueTimeout\":").append(in.queueTimeouts())
                    .append(",\"duplicates\":").append(in.duplicates()).append('}');
        }
        b.append("]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
