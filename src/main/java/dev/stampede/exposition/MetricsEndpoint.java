package dev.stampede.exposition;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running {@code /metrics} endpoint (the Prometheus client's {@code HTTPServer} over the JDK's HTTP server) with a
 * registry of its own (never the client's process-wide default). Serves {@code GET /metrics} in the Prometheus text
 * and OpenMetrics formats (content negotiation) and {@code /-/healthy}. Scrapes run on one daemon thread, never on
 * the load's threads. Thread-safe; {@link #close} frees the port (closing twice is harmless).
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HTTPServer server;
    private final ExecutorService scrapes;
    private final URI url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MetricsEndpoint(MetricsAddress address) throws IOException {
        // one thread is plenty for a scraper or two, and keeps the endpoint's CPU share small beside the load
        this.scrapes = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stampede-metrics");
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HTTPServer.builder().inetAddress(address.host()).port(address.port()).registry(registry)
                    .executorService(scrapes).buildAndStart();
        } catch (IOException | RuntimeException e) {
            scrapes.shutdownNow();
            throw e;
        }
        String host = address.host().getHostAddress();
        if (address.host() instanceof Inet6Address) host = "[" + host.replaceFirst("%.*", "") + "]";
        this.url = URI.create("http://" + host + ":" + server.getPort() + "/metrics");
    }

    /**
     * Binds {@code address} and starts serving (an empty page until collectors are added).
     *
     * @throws IOException when the address cannot be bound (taken, or not an address of this machine)
     */
    public static MetricsEndpoint start(MetricsAddress address) throws IOException {
        return new MetricsEndpoint(address);
    }

    /** Adds a collector; it is read on every scrape from then on. */
    public void add(MultiCollector collector) {
        registry.register(collector);
    }

    /** The scrape URL, with the port actually bound. */
    public URI url() { return url; }

    /** The registry this endpoint serves (for tests that render it without HTTP). */
    PrometheusRegistry registry() { return registry; }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        server.close();
        scrapes.shutdownNow();
    }
}
