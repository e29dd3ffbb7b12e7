package dev.stampede.load;

import com.sun.net.httpserver.HttpServer;
import dev.stampede.scenario.RequestSpec;
import dev.stampede.server.MockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the transport adds per logical request: the idempotency key to any target, stampede's identifier to the mock only. */
class IdempotencyHeadersTest {

    private HttpServer target;
    private final ConcurrentLinkedQueue<Map<String, String>> seen = new ConcurrentLinkedQueue<>();

    private URI start() throws Exception {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        target.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                java.util.HashMap<String, String> h = new java.util.HashMap<>();
                for (String name : List.of("Idempotency-Key", MockServer.REQUEST_HEADER, MockServer.TIMEOUT_HEADER)) {
                    String v = ex.getRequestHeaders().getFirst(name);
                    if (v != null) h.put(name, v);
                }
                seen.add(h);
                ex.sendResponseHeaders(204, -1);
            }
        });
        target.start();
        return URI.create("http://127.0.0.1:" + target.getAddress().getPort() + "/v1/charges");
    }

    @AfterEach
    void stop() {
        if (target != null) target.stop(0);
    }

    private static RequestSpec charge(String key) {
        return new RequestSpec("POST", "/v1/charges", List.of(), "{}", Duration.ofSeconds(10), key);
    }

    private Map<String, String> sendTwice(HttpTransport t, long logicalId) throws Exception {
        t.send(null, Duration.ofSeconds(10).toNanos(), false, logicalId);
        t.send(null, Duration.ofSeconds(10).toNanos(), false, logicalId);
        Map<String, String> a = seen.poll(), b = seen.poll();
        assertEquals(a, b, "every attempt of one logical request carries the same headers");
        return a;
    }

    @Test
    void aUrlTargetGetsTheKeyOfEachLogicalRequestAndNothingOfStampedesOwn() throws Exception {
        URI url = start();
        IdempotencyKeys keys = new IdempotencyKeys(11, "full");
        try (HttpTransport t = new HttpTransport(url, charge("Idempotency-Key"), 1024, InstantSource.system(), false, keys)) {
            Map<String, String> first = sendTwice(t, 0);
            assertEquals(keys.key(0), first.get("Idempotency-Key"));
            assertNull(first.get(MockServer.REQUEST_HEADER));
            assertNull(first.get(MockServer.TIMEOUT_HEADER));
            assertEquals(keys.key(1), sendTwice(t, 1).get("Idempotency-Key"), "the next logical request has its own key");
        }
    }

    @Test
    void theEmbeddedMockAlsoGetsStampedesIdentifierOfTheLogicalRequest() throws Exception {
        URI url = start();
        try (HttpTransport t = new HttpTransport(url, charge(null), 1024, InstantSource.system(), true, new IdempotencyKeys(1, "x"))) {
            Map<String, String> h = sendTwice(t, 42);
            assertEquals("42", h.get(MockServer.REQUEST_HEADER));
            assertNull(h.get("Idempotency-Key"), "no key without idempotencyKey");
        }
    }
}
