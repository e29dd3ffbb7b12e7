package dev.stampede.report;

import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.ViewBox;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.Shape;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The HTML report's charts, drawn by JFreeChart onto JFreeSVG and returned as inline {@code <svg>} elements
 * (no images, no external references). Needs a headless AWT ({@code -Djava.awt.headless=true}, which the
 * launcher sets). Not thread-safe: one instance per page, because it numbers the charts to keep SVG ids unique.
 */
final class ReportCharts {

    /** One colour per strategy in run order (colour-blind-safe Okabe–Ito palette), repeated past eight. */
    private static final Color[] PALETTE = {
            new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
    private static final Color PHASE_SHADE = new Color(0xF2, 0xB8, 0x4B, 70);
    private static final Color PHASE_SHADE_ALT = new Color(0xF2, 0x9B, 0x4B, 95);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private int charts;

    static Color colour(int runIndex) {
        return PALETTE[runIndex % PALETTE.length];
    }

    /** The SVG id of the attempts/s series path in {@link #attemptsPerSecond}, for tests and page anchors. */
    static String attemptsSeriesId(int runIndex) {
        return "attempts-series-" + runIndex;
    }

    /**
     * Attempts, arrivals, 529s and goodput (requests that succeeded) per second over time for one strategy, one point per timeline interval of the run
     * ({@link #plotted}),
     * with the phases shaded. The attempts series is drawn as one path with id {@link #attemptsSeriesId}.
     *
     * @param yMax common upper bound of the y axis across strategies, so their retry waves compare at a glance
     */
    String attemptsPerSecond(RunResult run, int runIndex, List<PhaseBand> bands, double yMax) {
        double step = HgrmFiles.intervalSeconds(run);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(perSecond("attempts/s", run, step, RunResult.Interval::attempts));
        data.addSeries(perSecond("arrivals/s", run, step, RunResult.Interval::arrivals));
        data.addSeries(perSecond("529/s", run, step, RunResult.Interval::overloaded));
        data.addSeries(perSecond("goodput/s", run, step, RunResult.Interval::succeeded));
        XYLineAndShapeRenderer renderer = new IdentifiedLineRenderer(0, attemptsSeriesId(runIndex));
        renderer.setDrawSeriesLineAsPath(true);
        renderer.setDefaultShapesVisible(false);
        renderer.setSeriesPaint(0, colour(runIndex));
        renderer.setSeriesStroke(0, new BasicStroke(1.6f));
        renderer.setSeriesPaint(1, new Color(0x77, 0x77, 0x77));
        renderer.setSeriesStroke(1, new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f));
        renderer.setSeriesPaint(2, new Color(0xB0, 0x00, 0x20));
        renderer.setSeriesStroke(2, new BasicStroke(1.0f));
        renderer.setSeriesPaint(3, new Color(0x00, 0x80, 0x40));
        renderer.setSeriesStroke(3, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {1.5f, 2f}, 0f));
        NumberAxis x = numberAxis("seconds since start");
        NumberAxis y = numberAxis("per second");
        if (yMax > 0) y.setRange(0, yMax * 1.05);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        shadePhases(plot, bands);
        return svg(styled(new JFreeChart(run.strategy() + ": attempts/s", TITLE_FONT, plot, true)), 620, 250);
    }

    /**
     * The embedded server's own load over time for one strategy: mean requests in service and waiting per interval
     * (left axis), and utilisation in % (busy worker time / worker capacity, right axis, drawn only with
     * {@code server.workers}), with the phases shaded. Intervals that start after the run's end are left out, as in
     * {@link #plotted}.
     *
     * @param run a run with a server view
     */
    String serverLoad(RunResult run, int runIndex, List<PhaseBand> bands) {
        List<ServerView.Interval> shown = run.server().timeline().stream()
                .filter(i -> i.startSeconds() < run.durationSeconds() - 1e-9 || run.durationSeconds() <= 0).toList();
        XYSeries inService = new XYSeries(new SeriesKey("in service", 0), false, true);
        XYSeries queued = new XYSeries(new SeriesKey("waiting", 1), false, true);
        XYSeries utilisation = new XYSeries(new SeriesKey("utilisation %", 2), false, true);
        for (ServerView.Interval i : shown) {
            inService.add(i.startSeconds(), i.inService());
            queued.add(i.startSeconds(), i.queued());
            if (!Double.isNaN(i.utilisation())) utilisation.add(i.startSeconds(), 100 * i.utilisation());
        }
        XYSeriesCollection levels = new XYSeriesCollection();
        levels.addSeries(inService);
        levels.addSeries(queued);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        renderer.setSeriesPaint(0, colour(runIndex));
        renderer.setSeriesStroke(0, new BasicStroke(1.6f));
        renderer.setSeriesPaint(1, new Color(0x55, 0x55, 0x55));
        renderer.setSeriesStroke(1, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f));
        XYPlot plot = new XYPlot(levels, numberAxis("seconds since start"), numberAxis("requests"), renderer);
        if (utilisation.getItemCount() > 0) {
            NumberAxis percent = numberAxis("utilisation (%)");
            percent.setRange(0, 105);
            plot.setRangeAxis(1, percent);
            plot.setDataset(1, new XYSeriesCollection(utilisation));
            plot.mapDatasetToRangeAxis(1, 1);
            XYLineAndShapeRenderer u = new XYLineAndShapeRenderer(true, false);
            u.setDrawSeriesLineAsPath(true);
            u.setSeriesPaint(0, new Color(0x00, 0x80, 0x40));
            u.setSeriesStroke(0, new BasicStroke(1.0f));
            plot.setRenderer(1, u);
        }
        shadePhases(plot, bands);
        return svg(styled(new JFreeChart(run.strategy() + ": server load", TITLE_FONT, plot, true)), 620, 250);
    }

    /** All strategies' attempts/s on one set of axes. */
    String attemptsOverlay(List<RunResult> runs, List<PhaseBand> bands) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            data.addSeries(perSecond(run.strategy(), run, HgrmFiles.intervalSeconds(run), RunResult.Interval::attempts, i));
            renderer.setSeriesPaint(i, colour(i));
            renderer.setSeriesStroke(i, new BasicStroke(1.4f));
        }
        XYPlot plot = new XYPlot(data, numberAxis("seconds since start"), numberAxis("attempts per second"), renderer);
        shadePhases(plot, bands);
        return svg(styled(new JFreeChart("Attempts/s, all strategies", TITLE_FONT, plot, true)), 1240, 320);
    }

    /**
     * HdrHistogram-style percentile distribution: x = percentile on a log scale of 1/(1−p), labelled
     * 90 %, 99 %, 99.9 % …; y = latency in ms; one series per strategy.
     *
     * @param histogram which histogram of each run to plot (runs without it are left out)
     */
    String percentileDistribution(String title, List<RunResult> runs, Function<RunResult.Histograms, Histogram> histogram) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        int series = 0;
        double maxX = 10;
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            Histogram h = run.histograms() == null ? null : histogram.apply(run.histograms());
            if (h == null || h.getTotalCount() == 0) continue;
            XYSeries points = percentileSeries(run.strategy() + " (" + i + ")", run.strategy(), h);
            maxX = Math.max(maxX, points.getMaxX());
            data.addSeries(points);
            renderer.setSeriesPaint(series, colour(i));
            renderer.setSeriesStroke(series, new BasicStroke(1.6f));
            series++;
        }
        LogAxis x = new LogAxis("percentile");
        x.setBase(10);
        x.setTickUnit(new NumberTickUnit(1));
        x.setAutoTickUnitSelection(false);
        x.setNumberFormatOverride(new PercentileFormat());
        // Explicit range: JFreeChart fits the y axis to the data inside the x range, so the whole tail must be in it.
        x.setRange(1, Math.pow(10, Math.ceil(Math.log10(maxX))));
        styleAxis(x);
        NumberAxis y = numberAxis("latency (ms)");
        XYPlot plot = new XYPlot(data, x, y, renderer);
        return svg(styled(new JFreeChart(title, TITLE_FONT, plot, true)), 620, 320);
    }

    /** One bar per strategy in its colour; {@code reference} draws a dashed line (e.g. 1.0 for amplification). */
    String bars(String title, String axisLabel, List<RunResult> runs, ToDoubleFunction<RunResult> value, double reference) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < runs.size(); i++) {
            double v = value.applyAsDouble(runs.get(i));
            data.addValue(Double.isFinite(v) ? v : null, "value", columnKey(runs.get(i), i));
        }
        BarRenderer renderer = new BarRenderer() {
            @Override public Paint getItemPaint(int row, int column) { return colour(column); }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.12);
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator(
                "{2}", new MetricNumberFormat()));
        renderer.setDefaultItemLabelFont(TICK_FONT);
        CategoryAxis x = new CategoryAxis(null);
        styleAxis(x);
        NumberAxis y = numberAxis(axisLabel);
        y.setUpperMargin(0.15);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        if (Double.isFinite(reference)) {
            ValueMarker m = new ValueMarker(reference, new Color(0x55, 0x55, 0x55),
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f));
            plot.addRangeMarker(m, Layer.FOREGROUND);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        return svg(styled(new JFreeChart(title, TITLE_FONT, plot, false)), 620, 260);
    }

    /** Category keys must be unique even when two runs share a strategy name. */
    private static Comparable<String> columnKey(RunResult run, int index) {
        return new Comparable<>() {
            @Override public int compareTo(String o) { return toString().compareTo(o); }
            @Override public String toString() { return run.strategy(); }
            @Override public boolean equals(Object o) { return o == this; }
            @Override public int hashCode() { return index; }
        };
    }

    private static XYSeries perSecond(String name, RunResult run, double step, ToDoubleFunction<RunResult.Interval> count) {
        return perSecond(name, run, step, count, 0);
    }

    private static XYSeries perSecond(String name, RunResult run, double step, ToDoubleFunction<RunResult.Interval> count, int key) {
        XYSeries s = new XYSeries(new SeriesKey(name, key), false, true);
        for (RunResult.Interval i : plotted(run)) s.add(i.startSeconds(), count.applyAsDouble(i) / step);
        return s;
    }

    /**
     * The timeline intervals that start within the run. The recorder files responses that arrive after the end in
     * one more interval (so counts add up); plotted as a rate it would read as a collapse to zero.
     */
    static List<RunResult.Interval> plotted(RunResult run) {
        return run.timeline().stream().filter(i -> i.startSeconds() < run.durationSeconds() - 1e-9 || run.durationSeconds() <= 0).toList();
    }

    /** The percentile iteration HdrHistogram's plotter uses (5 ticks per half distance), the 100 % point at 1/(1−p) = 2·count. */
    private static XYSeries percentileSeries(String key, String label, Histogram h) {
        XYSeries s = new XYSeries(new SeriesKey(label, key.hashCode()), true, true);
        double lastX = 1;
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            double x = p >= 1 ? Math.max(lastX, 2.0 * h.getTotalCount()) : 1 / (1 - p);
            s.addOrUpdate(x, v.getValueIteratedTo() / HgrmFiles.MICROS_PER_MILLI);
            lastX = x;
            if (p >= 1) break;
        }
        return s;
    }

    /**
     * Shades each band and labels it with its short name ({@code P1}, {@code P2} …, explained in the page's phase
     * list): full descriptions would collide in narrow bands. Labels alternate between two heights for the same reason.
     */
    private static void shadePhases(XYPlot plot, List<PhaseBand> bands) {
        for (int i = 0; i < bands.size(); i++) {
            PhaseBand b = bands.get(i);
            IntervalMarker m = new IntervalMarker(b.startSeconds(), b.endSeconds(), i % 2 == 0 ? PHASE_SHADE : PHASE_SHADE_ALT);
            m.setLabel(shortName(i));
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 10));
            m.setLabelPaint(new Color(0x80, 0x50, 0x00));
            m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            m.setLabelOffset(new RectangleInsets(i % 2 == 0 ? 2 : 14, 2, 2, 2));
            plot.addDomainMarker(m, Layer.BACKGROUND);
        }
    }

    /** The label of the {@code index}-th band (0-based) in charts and in the page's phase list: {@code P1}, {@code P2} … */
    static String shortName(int index) {
        return "P" + (index + 1);
    }

    private static NumberAxis numberAxis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(true);
        styleAxis(a);
        return a;
    }

    private static void styleAxis(org.jfree.chart.axis.Axis a) {
        a.setLabelFont(LABEL_FONT);
        a.setTickLabelFont(TICK_FONT);
        a.setLabelPaint(Color.DARK_GRAY);
        a.setTickLabelPaint(Color.DARK_GRAY);
    }

    private static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) chart.getTitle().setPaint(new Color(0x22, 0x22, 0x22));
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(TICK_FONT);
            chart.getLegend().setFrame(new org.jfree.chart.block.BlockBorder(Color.WHITE));
        }
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setBackgroundPaint(Color.WHITE);
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            xy.setDomainGridlineStroke(new BasicStroke(0.6f));
            xy.setRangeGridlineStroke(new BasicStroke(0.6f));
            xy.setOutlineVisible(false);
        }
        chart.setPadding(new RectangleInsets(4, 4, 4, 22));
        return chart;
    }

    private String svg(JFreeChart chart, int width, int height) {
        int n = ++charts;
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        // Every chart shares one page: prefix clip-path ids so one chart never clips with another's path.
        g.setDefsKeyPrefix("c" + n + "-");
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement("chart-" + n, false, new ViewBox(0, 0, width, height), null, null);
    }

    /** Series keys that stay distinct when two runs share a name, and print as the name in legends. */
    private record SeriesKey(String label, int discriminator) implements Comparable<SeriesKey> {
        @Override public int compareTo(SeriesKey o) {
            int c = label.compareTo(o.label);
            return c != 0 ? c : Integer.compare(discriminator, o.discriminator);
        }

        @Override public String toString() { return label; }
    }

    /** Gives one series' path an SVG id (JFreeSVG applies {@link SVGHints#KEY_ELEMENT_ID} to the next element). */
    private static final class IdentifiedLineRenderer extends XYLineAndShapeRenderer {
        private final int series;
        private final String id;

        IdentifiedLineRenderer(int series, String id) {
            super(true, false);
            this.series = series;
            this.id = id;
        }

        @Override
        protected void drawFirstPassShape(Graphics2D g2, int pass, int seriesIndex, int item, Shape shape) {
            if (seriesIndex == series) g2.setRenderingHint(SVGHints.KEY_ELEMENT_ID, id);
            super.drawFirstPassShape(g2, pass, seriesIndex, item, shape);
        }
    }

    /** Tick labels for the 1/(1−p) axis: 10 → 90%, 1000 → 99.9%. */
    private static final class PercentileFormat extends NumberFormat {
        @Override public StringBuffer format(double x, StringBuffer to, FieldPosition pos) {
            double percent = Math.round(100 * (1 - 1 / x) * 1e6) / 1e6;
            return to.append(java.math.BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString()).append('%');
        }

        @Override public StringBuffer format(long x, StringBuffer to, FieldPosition pos) { return format((double) x, to, pos); }

        @Override public Number parse(String source, ParsePosition pos) { throw new UnsupportedOperationException(); }
    }

    /** Bar labels with {@link Metric#number}'s four significant digits. */
    private static final class MetricNumberFormat extends NumberFormat {
        @Override public StringBuffer format(double x, StringBuffer to, FieldPosition pos) { return to.append(Metric.number(x)); }

        @Override public StringBuffer format(long x, StringBuffer to, FieldPosition pos) { return to.append(x); }

        @Override public Number parse(String source, ParsePosition pos) { throw new UnsupportedOperationException(); }
    }
}
