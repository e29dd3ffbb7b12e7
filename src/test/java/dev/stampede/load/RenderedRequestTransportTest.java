package dev.stampede.load;

import com.sun.net.httpserver.HttpServer;
import dev.stampede.scenario.RequestDraws;
import dev.stampede.scenario.RequestSpec;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A rendered template goes on the wire as rendered: method, path and query, headers and body (127.0.0.1 only). */
class RenderedRequestTransportTest {

    record Seen(String method, String uri, String id, String secret, String body) {}

    @Test
    void aRenderedRequestArrivesWithItsMethodPathHeadersAndBody() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<Seen> seen = new AtomicReference<>();
        server.createContext("/", exchange -> {
            seen.set(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("x-id"), exchange.getRequestHeaders().getFirst("x-api-key"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (HttpTransport transport = new HttpTransport(base, new RequestSpec("GET", "/", List.of(), "", Duration.ofSeconds(5)),
                HttpTransport.DEFAULT_BODY_LIMIT_BYTES, InstantSource.system())) {
            RequestDraws.Rendered r = new RequestDraws.Rendered(1, "PUT", "/v1/items/7?q=a%20b",
                    List.of(new RequestSpec.Header("x-id", "abc/2", false), new RequestSpec.Header("x-api-key", "k-123", true)),
                    "{\"n\": 7}".getBytes(StandardCharsets.UTF_8));
            Exchange.Answer answer = transport.send(r, LiveEngine.join(base, r.path()), Duration.ofSeconds(5).toNanos(), false, -1);
            assertEquals(201, answer.outcome().status());
        } finally {
            server.stop(0);
        }
        assertEquals(new Seen("PUT", "/v1/items/7?q=a%20b", "abc/2", "k-123", "{\"n\": 7}"), seen.get());
    }
}
