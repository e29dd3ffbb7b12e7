package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;

import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The per-interval timeline of every strategy as CSV (RFC 4180 quoting, {@code \n} line ends, which
 * spreadsheets and pandas accept): a header row, then one row per strategy and
 * interval, strategies in run order. Counts are per interval; {@code inFlight} and {@code backingOff}
 * are the levels at the interval's end; {@code succeeded} is goodput: logical requests that succeeded and ended in
 * the interval. The last four columns are the embedded server's own view of the same interval: mean requests in
 * service and waiting, utilisation (busy worker time / worker capacity) and the share of its busy time that was
 * wasted; empty for a URL target (no server view), and {@code utilisation} also without {@code server.workers}.
 */
public final class CsvTimeline {

    /** The header row's columns, in order. */
    public static final String HEADER = "strategy,startSeconds,arrivals,attempts,ok,overloaded,errors,inFlight,backingOff,succeeded,"
            + "inService,queued,utilisation,wastedShare";

    private CsvTimeline() {}

    /** Writes the CSV to {@code file} atomically, creating parent directories. */
    public static void write(Comparison comparison, Path file) throws IOException {
        AtomicFiles.writeText(file, out -> render(comparison, out));
    }

    /** Renders the CSV to {@code out} (flushed, not closed). */
    public static void render(Comparison comparison, PrintWriter out) {
        out.print(HEADER);
        out.print('\n');
        for (RunResult run : comparison.runs()) {
            String strategy = field(run.strategy());
            List<ServerView.Interval> server = run.server() == null ? List.of() : run.server().timeline();
            for (int k = 0; k < run.timeline().size(); k++) {
                RunResult.Interval i = run.timeline().get(k);
                out.print(strategy + ',' + seconds(i.startSeconds()) + ',' + i.arrivals() + ',' + i.attempts() + ','
                        + i.ok() + ',' + i.overloaded() + ',' + i.errors() + ',' + i.inFlight() + ',' + i.backingOff()
                        + ',' + i.succeeded() + ',' + (k < server.size() ? server(server.get(k)) : ",,,"));
                out.print('\n');
            }
        }
        out.flush();
    }

    /** The server view's columns of one interval; utilisation empty when workers are unlimited. */
    private static String server(ServerView.Interval s) {
        return decimal(s.inService()) + ',' + decimal(s.queued()) + ',' + (Double.isNaN(s.utilisation()) ? "" : decimal(s.utilisation()))
                + ',' + decimal(s.wastedShare());
    }

    /** Four decimals, no exponent, no trailing zeros. */
    private static String decimal(double v) {
        if (!Double.isFinite(v)) return "";
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** Interval starts are multiples of 100 ms or 1 s; three decimals keep them exact without float noise. */
    private static String seconds(double s) {
        return BigDecimal.valueOf(s).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** Quotes a field when it holds a comma, a quote or a line break (RFC 4180). */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
