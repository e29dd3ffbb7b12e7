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
import static org.junit.jupiter.api.Assertions.assertNull;

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

    @Test
    void aTemplateWithAnIdempotencyKeySendsTheSameKeyOnEveryAttemptAndATemplateWithoutOneSendsNone() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> keys = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        server.createContext("/", exchange -> {
            keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idem-Key")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        IdempotencyKeys generated = new IdempotencyKeys(7, "full");
        try (HttpTransport transport = new HttpTransport(base, new RequestSpec("GET", "/", List.of(), "", Duration.ofSeconds(5)),
                HttpTransport.DEFAULT_BODY_LIMIT_BYTES, InstantSource.system(), false, generated)) {
            RequestDraws.Rendered keyed = new RequestDraws.Rendered(0, "POST", "/v1/charges", List.of(),
                    "{}".getBytes(StandardCharsets.UTF_8), "Idem-Key");
            RequestDraws.Rendered plain = new RequestDraws.Rendered(1, "GET", "/v1/items", List.of(), new byte[0]);
            long timeout = Duration.ofSeconds(5).toNanos();
            transport.send(keyed, LiveEngine.join(base, keyed.path()), timeout, false, 41);  // attempt 1 of request 41
            transport.send(keyed, LiveEngine.join(base, keyed.path()), timeout, false, 41);  // its retry
            transport.send(keyed, LiveEngine.join(base, keyed.path()), timeout, false, 42);  // another request
            transport.send(plain, LiveEngine.join(base, plain.path()), timeout, false, 43);
        } finally {
            server.stop(0);
        }
        assertEquals(List.of(generated.key(41), generated.key(41), generated.key(42), "null"), keys);
        assertEquals(false, generated.key(41).equals(generated.key(42)));
    }

    @Test
    void aRenderedRequestCarriesItsTemplatesKeyHeader() {
        var spec = new RequestSpec("POST", "/v1/charges", List.of(), "{}", Duration.ofSeconds(1), "Idem-Key");
        var template = new dev.stampede.scenario.RequestTemplate("charge", 1, spec, null,
                dev.stampede.scenario.TemplateText.literal("/v1/charges"), List.of(), dev.stampede.scenario.TemplateText.literal("{}"));
        var mix = new dev.stampede.scenario.RequestMix(List.of(template), null);
        RequestDraws draws = new RequestDraws(mix, 1);
        assertEquals("Idem-Key", draws.render(draws.draw(0), 1).idempotencyKey());
        var unkeyed = new dev.stampede.scenario.RequestTemplate("read", 1, new RequestSpec("GET", "/", List.of(), "", Duration.ofSeconds(1)),
                null, dev.stampede.scenario.TemplateText.literal("/"), List.of(), dev.stampede.scenario.TemplateText.literal(""));
        RequestDraws plain = new RequestDraws(new dev.stampede.scenario.RequestMix(List.of(unkeyed), null), 1);
        assertNull(plain.render(plain.draw(0), 1).idempotencyKey());
    }
}
