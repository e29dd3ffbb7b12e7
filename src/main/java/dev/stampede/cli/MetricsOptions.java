package dev.stampede.cli;

import dev.stampede.exposition.MetricsAddress;
import dev.stampede.exposition.MetricsEndpoint;
import dev.stampede.exposition.RunMetrics;
import dev.stampede.scenario.Durations;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code --metrics ADDR} and {@code --metrics-linger D} of {@code run} and {@code mock} (a picocli mixin): the live
 * Prometheus endpoint (docs/reports.md, live metrics). It binds before any load is sent, so a taken or unparsable
 * address ends the command with exit 2 and nothing sent.
 */
public final class MetricsOptions {

    @Option(names = "--metrics", paramLabel = "ADDR",
            description = "Serve live figures for Prometheus at http://ADDR/metrics: PORT (binds 127.0.0.1), HOST:PORT or [IPv6]:PORT; "
                    + "port 0 picks a free one. Another host than loopback only when named (printed).")
    String address;

    @Option(names = "--metrics-linger", paramLabel = "D",
            description = "Keep the --metrics endpoint up this long after the end, for a final scrape (e.g. 15s; Ctrl-C ends it). Default: 0s.")
    String linger;

    /**
     * Binds the endpoint and prints its URL on {@code err} (with a warning when it is not loopback-only), or returns
     * {@code null} without {@code --metrics}.
     *
     * @throws UserException for an unparsable or taken address, or a linger without {@code --metrics}
     */
    MetricsEndpoint open(PrintWriter err) {
        Duration keep = lingerDuration();
        if (address == null) {
            if (!keep.isZero()) throw new UserException("--metrics-linger needs --metrics ADDR");
            return null;
        }
        MetricsAddress where;
        try {
            where = MetricsAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new UserException("--metrics: " + e.getMessage());
        }
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(where);
        } catch (IOException e) {
            throw new UserException("--metrics: cannot listen on " + address + ": " + e.getMessage()
                    + " (choose another port, or port 0 for any free one)", e);
        }
        err.println("stampede: metrics at " + endpoint.url());
        if (!where.loopback()) {
            err.println("stampede: warning: the metrics endpoint listens on " + where.host().getHostAddress()
                    + ", not loopback: whoever can reach this machine can read it");
        }
        err.flush();
        return endpoint;
    }

    /** The endpoint of a run: its run figures, added to {@code endpoint}; {@code null} when there is no endpoint. */
    static RunMetrics runMetrics(MetricsEndpoint endpoint) {
        if (endpoint == null) return null;
        RunMetrics runs = new RunMetrics();
        endpoint.add(runs);
        return runs;
    }

    /** Keeps {@code endpoint} up for {@code --metrics-linger}, saying so on {@code err}; null: nothing. The caller closes it. */
    void linger(MetricsEndpoint endpoint, PrintWriter err) {
        if (endpoint == null) return;
        try {
            Duration keep = lingerDuration();
            if (!keep.isZero()) {
                err.println("stampede: keeping " + endpoint.url() + " up for " + Durations.format(keep)
                        + " for a final scrape (Ctrl-C ends it)");
                err.flush();
                Thread.sleep(keep.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Duration lingerDuration() {
        if (linger == null) return Duration.ZERO;
        try {
            Duration d = Durations.parse(linger);
            if (d.isNegative()) throw new IllegalArgumentException("must be >= 0, got '" + linger + "'");
            return d;
        } catch (IllegalArgumentException e) {
            throw new UserException("--metrics-linger: " + e.getMessage());
        }
    }
}
