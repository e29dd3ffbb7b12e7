package dev.stampede.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stampede.experiment.Experiment;
import dev.stampede.experiment.Figure;
import dev.stampede.experiment.RowSummary;
import dev.stampede.experiment.Summary;
import dev.stampede.metrics.Comparison;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The files of repeats and sweeps (docs/reports.md, "Repeats and sweeps"; docs/result-schema.md,
 * "stampede.experiment/v1"): the JSON with every repeat's figures and the summaries, the CSV with one line per
 * point and row (mean and interval of every figure), and the HTML page with one chart per figure against the swept
 * key, intervals as error bars. Each file is written atomically (a temporary file, then a move).
 */
public final class ExperimentFiles {

    /** The JSON's {@code schema}. */
    public static final String SCHEMA = "stampede.experiment/v1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ExperimentFiles() {}

    /** Writes whichever of the three files is asked for ({@code null}: not asked). */
    public static void write(Experiment.Result r, String mode, List<ExperimentReport.Checked> thresholds,
                             Path json, Path csv, Path html) throws IOException {
        if (json != null) atomically(json, MAPPER.writeValueAsString(json(r, mode, thresholds)) + "\n");
        if (csv != null) atomically(csv, csv(r));
        if (html != null) atomically(html, html(r, mode));
    }

    // ---- JSON ----

    static ObjectNode json(Experiment.Result r, String mode, List<ExperimentReport.Checked> thresholds) {
        ObjectNode root = F.objectNode();
        root.put("schema", SCHEMA);
        root.put("scenario", r.scenario().name());
        root.put("file", r.scenario().source() == null ? "" : r.scenario().source().toString());
        root.put("sha256", r.scenario().sha256());
        root.put("mode", mode);
        root.put("seed", r.scenario().seed());
        root.put("repeats", r.repeats());
        root.put("partial", r.partial());
        ObjectNode ci = root.putObject("interval");
        ci.put("level", Summary.LEVEL);
        ci.put("figures", "student-t");
        ci.put("rates", "wilson-effective-n");
        if (r.sweep() == null) {
            root.putNull("sweep");
        } else {
            ObjectNode s = root.putObject("sweep");
            s.put("key", r.sweep().key());
            s.put("unit", r.sweep().unit());
            ArrayNode values = s.putArray("values");
            r.sweep().points().forEach(p -> values.add(p.text()));
        }
        ArrayNode points = root.putArray("points");
        for (Experiment.PointResult p : r.points()) {
            ObjectNode pn = points.addObject();
            if (p.point() == null) {
                pn.putNull("value");
                pn.putNull("x");
            } else {
                pn.put("value", p.point().text());
                pn.put("x", p.point().x());
            }
            ArrayNode rows = pn.putArray("rows");
            for (RowSummary row : p.rows()) {
                ObjectNode rn = rows.addObject();
                rn.put("row", row.row());
                ObjectNode summary = rn.putObject("summary");
                for (Figure f : Figure.values()) {
                    Summary s = row.get(f);
                    ObjectNode sn = summary.putObject(f.key());
                    sn.put("n", s.n());
                    sn.put("missing", s.missing());
                    if (s.infinite() > 0) sn.put("never", s.infinite());
                    sn.set("mean", ResultJson.number(s.mean()));
                    sn.set("low", ResultJson.number(s.low()));
                    sn.set("high", ResultJson.number(s.high()));
                }
                ArrayNode repeats = rn.putArray("repeats");
                for (RowSummary.Repeat rep : row.repeats()) {
                    ObjectNode en = repeats.addObject();
                    en.put("seed", rep.seed());
                    ObjectNode figures = en.putObject("figures");
                    for (Figure f : Figure.values()) figures.set(f.key(), ResultJson.number(rep.value(f)));
                }
            }
        }
        ArrayNode th = root.putArray("thresholds");
        for (ExperimentReport.Checked c : thresholds) {
            Comparison.ThresholdResult t = c.result();
            ObjectNode tn = th.addObject();
            if (c.point() == null) tn.putNull("point"); else tn.put("point", c.point());
            tn.put("strategy", t.strategy());
            tn.put("metric", t.metric());
            tn.put("op", t.op());
            tn.set("value", ResultJson.number(t.value()));
            tn.put("basis", c.basis().word);
            tn.set("mean", ResultJson.number(c.mean()));
            tn.set("actual", ResultJson.number(t.actual()));
            tn.put("pass", t.pass());
        }
        return root;
    }

    // ---- CSV ----

    /**
     * {@code KEY,row,repeats,FIGURE_mean,FIGURE_low,FIGURE_high,…}: one line per point and row, figures in
     * {@link Figure} order; the first column is named after the swept key ({@code point} without a sweep, value
     * empty). Empty cells: not applicable; {@code inf}: a recovery that never came.
     */
    static String csv(Experiment.Result r) {
        StringBuilder out = new StringBuilder();
        out.append(r.sweep() == null ? "point" : r.sweep().key()).append(",row,repeats");
        for (Figure f : Figure.values()) out.append(',').append(f.key()).append("_mean,").append(f.key()).append("_low,")
                .append(f.key()).append("_high");
        out.append('\n');
        for (Experiment.PointResult p : r.points()) {
            for (RowSummary row : p.rows()) {
                out.append(p.point() == null ? "" : csvNumber(p.point().x())).append(',').append(csvText(row.row()))
                        .append(',').append(row.repeats().size());
                for (Figure f : Figure.values()) {
                    Summary s = row.get(f);
                    out.append(',').append(csvNumber(s.mean())).append(',').append(csvNumber(s.low())).append(',')
                            .append(csvNumber(s.high()));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String csvNumber(double v) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
    }

    private static String csvText(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    // ---- HTML ----

    /** The figures charted against the swept key: the AWS blog's two (work = attempts, time = completion) first. */
    static final List<Figure> CHARTED = List.of(Figure.ATTEMPTS, Figure.COMPLETION, Figure.SUCCESS_RATE,
            Figure.AMPLIFICATION, Figure.PEAK_AMPLIFICATION, Figure.P50, Figure.P99, Figure.MAX, Figure.RECOVERY);

    static String html(Experiment.Result r, String mode) {
        ReportCharts charts = new ReportCharts();
        String title = "stampede " + r.scenario().name() + (r.sweep() == null ? ": repeats" : ": sweep of " + r.sweep().key())
                + (r.partial() ? " (partial)" : "");
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Xml.escape(title)).append("</title>\n<style>\n")
                .append("body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 1300px; padding: 0 1rem; color: #222; }\n")
                .append(".charts { display: flex; flex-wrap: wrap; gap: 1rem; } .charts svg { width: 620px; max-width: 100%; height: auto; }\n")
                .append("table { border-collapse: collapse; } td, th { padding: .2rem .6rem; text-align: right; border-bottom: 1px solid #eee; }\n")
                .append("td:first-child, th:first-child { text-align: left; }\n</style>\n</head>\n<body>\n<h1>")
                .append(Xml.escape(title)).append("</h1>\n<p>")
                .append(Xml.escape(String.format(Locale.ROOT, "%s, %d repeats a row (seeds %d..%d). Each point is the mean over "
                        + "the repeats; error bars are 95 %% intervals (Student t over per-repeat values; rates: Wilson score "
                        + "with the repeats' effective sample size). Rows whose intervals overlap tie.", mode, r.repeats(),
                        r.scenario().seed(), r.scenario().seed() + r.repeats() - 1))).append("</p>\n");
        if (r.partial()) h.append("<p><strong>").append(Xml.escape(ExperimentReport.partialLine(r))).append("</strong></p>\n");
        List<String> rows = r.points().get(0).rows().stream().map(RowSummary::row).toList();
        if (r.sweep() != null) {
            double[] x = r.points().stream().mapToDouble(p -> p.point().x()).toArray();
            String xLabel = r.sweep().key() + (r.sweep().unit().isEmpty() ? "" : " (" + r.sweep().unit() + ")");
            h.append("<div class=\"charts\">\n");
            for (Figure f : CHARTED) {
                double[][] mean = new double[rows.size()][x.length], low = new double[rows.size()][x.length],
                        high = new double[rows.size()][x.length];
                boolean any = false;
                for (int p = 0; p < x.length; p++) {
                    for (int i = 0; i < rows.size(); i++) {
                        Summary s = r.points().get(p).rows().get(i).get(f);
                        double scale = f.isRate() ? 100 : 1;
                        mean[i][p] = s.mean() * scale;
                        low[i][p] = s.low() * scale;
                        high[i][p] = s.high() * scale;
                        any |= Double.isFinite(s.mean());
                    }
                }
                if (!any) continue;
                String yLabel = f.isRate() ? f.key() + " (%)" : f.key() + (f.unit().isEmpty() ? "" : " (" + f.unit() + ")");
                h.append(charts.sweepFigure(f.key() + " against " + r.sweep().key(), xLabel, yLabel, rows, x, mean, low, high))
                        .append('\n');
            }
            h.append("</div>\n");
        }
        h.append("<h2>Means and intervals</h2>\n<table>\n<tr><th>").append(r.sweep() == null ? "" : Xml.escape(r.sweep().key()))
                .append("</th><th>row</th>");
        for (Figure f : ExperimentReport.TABLE) h.append("<th>").append(Xml.escape(f.header())).append("</th>");
        h.append("</tr>\n");
        for (Experiment.PointResult p : r.points()) {
            for (RowSummary row : p.rows()) {
                h.append("<tr><td>").append(p.point() == null ? "" : Xml.escape(p.point().text())).append("</td><td>")
                        .append(Xml.escape(row.row())).append("</td>");
                for (Figure f : ExperimentReport.TABLE) h.append("<td>").append(Xml.escape(ExperimentReport.cell(f, row.get(f)))).append("</td>");
                h.append("</tr>\n");
            }
        }
        h.append("</table>\n<h2>Verdicts</h2>\n");
        for (Experiment.PointResult p : r.points()) {
            String at = p.point() == null ? "" : r.sweep().key() + "=" + p.point().text() + ": ";
            h.append("<p>").append(Xml.escape(at + ExperimentReport.verdict(p.rows(), r.repeats()))).append("</p>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void atomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
