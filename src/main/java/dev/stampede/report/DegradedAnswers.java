package dev.stampede.report;

import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded server's degraded answers ({@code degraded}: admitted attempts drawn an empty 200) per phase of the
 * server's model and of each route's (docs/metrics.md, "Per-phase table"): a route's phases have their own times, so
 * they are listed per model rather than as a column of the per-phase table. Shown only when some run has any.
 */
final class DegradedAnswers {

    private DegradedAnswers() {}

    /** Whether some run's server drew a degraded answer. */
    static boolean shown(List<RunResult> runs) {
        return runs.stream().anyMatch(r -> r.server() != null && r.server().degraded() > 0);
    }

    /** {@code server} for the top-level model, else the route's prefix. */
    static String model(ServerView.DegradedPhase p) {
        return p.route() == null ? "server" : p.route();
    }

    /** One line per run and model: {@code model: @0.0s 3, @3.0s 5}; nothing when no run has any. */
    static void text(List<RunResult> runs, PrintWriter out) {
        if (!shown(runs)) return;
        out.println("Degraded answers by server phase (admitted attempts the server answered with an empty 200, its");
        out.println("degraded share; per phase of the server's model and of each route's, which have their own phases):");
        for (RunResult r : runs) {
            if (r.server() == null || r.server().degraded() == 0) continue;
            for (List<ServerView.DegradedPhase> model : byModel(r.server())) {
                StringBuilder b = new StringBuilder("  ").append(r.strategy()).append(" ").append(model(model.getFirst())).append(":");
                String sep = " ";
                for (ServerView.DegradedPhase p : model) {
                    b.append(sep).append('@').append(TextReport.seconds(p.atSeconds())).append(' ').append(p.count());
                    sep = ", ";
                }
                out.println(b);
            }
        }
        out.println();
    }

    /** The same as an HTML table (strategy, model, phase from, degraded answers); nothing when no run has any. */
    static void html(List<RunResult> runs, StringBuilder b) {
        if (!shown(runs)) return;
        b.append("<h2>Degraded answers by server phase</h2>\n<p class=\"note\">Admitted attempts the embedded server answered ")
                .append("with a degraded (empty) 200, per phase of the server's model and of each route's.</p>\n")
                .append("<table>\n<thead><tr><th>strategy</th><th>model</th><th>phase from</th><th>degraded answers</th></tr></thead>\n<tbody>\n");
        for (RunResult r : runs) {
            if (r.server() == null || r.server().degraded() == 0) continue;
            for (ServerView.DegradedPhase p : r.server().degradedAnswers()) {
                b.append("<tr><td>").append(HtmlReport.esc(r.strategy())).append("</td><td>").append(HtmlReport.esc(model(p)))
                        .append("</td><td class=\"num\">").append(HtmlReport.esc(TextReport.seconds(p.atSeconds())))
                        .append("</td><td class=\"num\">").append(p.count()).append("</td></tr>\n");
            }
        }
        b.append("</tbody>\n</table>\n");
    }

    /** The view's rows grouped by model, in their order. */
    private static List<List<ServerView.DegradedPhase>> byModel(ServerView v) {
        List<List<ServerView.DegradedPhase>> out = new ArrayList<>();
        for (ServerView.DegradedPhase p : v.degradedAnswers()) {
            if (out.isEmpty() || !java.util.Objects.equals(out.getLast().getFirst().route(), p.route()) || p.phase() == 0) {
                out.add(new ArrayList<>());
            }
            out.getLast().add(p);
        }
        return out;
    }
}
