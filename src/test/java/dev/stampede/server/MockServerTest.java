package dev.stampede.server;

import dev.stampede.metrics.ServerView;
import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ServerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real server over loopback, port 0, driven by java.net.http and by raw sockets. */
class MockServerTest {

    static final String OVERLOADED = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";

    private MockServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (server != null) server.close();
        client.close();
    }

    private static ServerSpec only(PhaseSpec phase, LatencySpec latency) {
        return new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, latency, null, List.of(phase));
    }

    private static PhaseSpec phase(double overload, Duration retryAfter, Map<Integer, Double> errors, double reset, double hang) {
        return new PhaseSpec(Duration.ZERO, overload, 1, retryAfter, errors, reset, hang, 1);
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(server.baseUrl().resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")
                        : HttpRequest.BodyPublishers.noBody()).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHealthyServerAnswers200WithAMessageBodyAfterItsServiceTime() throws Exception {
        server = MockServer.start(only(PhaseSpec.HEALTHY, new LatencySpec.Fixed(Duration.ofMillis(50))), "127.0.0.1", 0, 1);
        long t0 = System.nanoTime();
        HttpResponse<String> r = send("POST", "/v1/messages");
        long tookNanos = System.nanoTime() - t0;
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        assertTrue(r.headers().firstValue("request-id").orElse("").startsWith("req_"), "request-id header: " + r.headers());
        assertTrue(r.body().contains("\"type\":\"message\""), r.body());
        assertTrue(tookNanos >= 50_000_000L, "a fixed 50 ms service time should take at least 50 ms, took " + tookNanos + " ns");
        assertEquals(1, server.received());
        assertEquals(0, server.inService(), "the request departed");
    }

    @Test
    void routesServeTheirPrefixAndADegradedAnswerIsAnEmpty200() throws Exception {
        PhaseSpec allOverloaded = new PhaseSpec(Duration.ZERO, 1.0, 1, null, Map.of(), 0, 0, 1);
        LatencySpec fast = new LatencySpec.Fixed(Duration.ofMillis(1));
        server = MockServer.start(new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, fast, null, List.of(), List.of(
                new dev.stampede.scenario.RouteSpec("/primary", null, 0, 0, fast, List.of(allOverloaded), 0),
                new dev.stampede.scenario.RouteSpec("/degraded", null, 0, 0, fast, List.of(), 1.0)), 0), "127.0.0.1", 0, 1);
        assertEquals(529, send("POST", "/primary/v1/messages").statusCode());
        HttpResponse<String> degraded = send("POST", "/degraded/v1/messages");
        assertEquals(200, degraded.statusCode());
        assertEquals("", degraded.body(), "a degraded answer has an empty body");
        HttpResponse<String> other = send("POST", "/v1/messages");
        assertEquals(200, other.statusCode());
        assertTrue(other.body().contains("\"type\":\"message\""), other.body());
        assertEquals(3, server.received(), "every route counts in the one server view");
    }

    @Test
    void aForced529CarriesTheOverloadedBodyAndARoundedUpRetryAfter() throws Exception {
        server = MockServer.start(only(phase(1, Duration.ofMillis(1500), Map.of(), 0, 0), ServerSpec.DEFAULT_LATENCY), "127.0.0.1", 0, 1);
        HttpResponse<String> r = send("GET", "/anything/at/all?x=1");
        assertEquals(529, r.statusCode());
        assertEquals(OVERLOADED, r.body());
        assertEquals("2", r.headers().firstValue("retry-after").orElse("none"), "1.5 s rounds up to 2");
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        assertTrue(r.headers().firstValue("request-id").isPresent());
    }

    @Test
    void anAbortAnswersARequestInServiceWithA529AtThePhaseStartInsteadOfAfterItsServiceTime() throws Exception {
        // a 30 s service time, and a phase starting 1 s after the clock restart that aborts everything in flight
        PhaseSpec rebalance = new PhaseSpec(Duration.ofSeconds(1), 0, 1, Duration.ofSeconds(3), Map.of(), 0, 0, 1, 1.0);
        ServerSpec spec = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, new LatencySpec.Fixed(Duration.ofSeconds(30)), null,
                List.of(PhaseSpec.HEALTHY, rebalance));
        server = MockServer.start(spec, "127.0.0.1", 0, 1);
        long t0 = System.nanoTime();
        server.restartClock();
        HttpResponse<String> r = send("POST", "/v1/messages"); // the helper's 10 s timeout is a third of the service time
        long tookNanos = System.nanoTime() - t0;
        assertEquals(529, r.statusCode(), "aborted in service: 529");
        assertEquals(OVERLOADED, r.body());
        assertEquals("3", r.headers().firstValue("retry-after").orElse("none"), "the aborting phase's Retry-After");
        assertTrue(tookNanos >= 1_000_000_000L, "answered at the phase start (1 s after the restart) or later, took " + tookNanos + " ns");
        assertTrue(tookNanos < 10_000_000_000L, "answered long before the 30 s service would end, took " + tookNanos + " ns");
        ServerView view = server.view(1_000_000_000L);
        assertEquals(1, view.received());
        assertEquals(1, view.forced529(), "an abort counts as a forced 529");
        assertEquals(0, view.admitted(), "and not as admitted");
        assertEquals(0, server.inService(), "its concurrency slot was freed before the answer");
    }

    @Test
    void aShed529WithoutAnyRetryAfterSendsNoHeader() throws Exception {
        ServerSpec s = new ServerSpec(ServerSpec.Model.CAPACITY, new dev.stampede.scenario.Rate(0.001), 1, 0,
                new LatencySpec.Fixed(Duration.ZERO), null, List.of(PhaseSpec.HEALTHY));
        server = MockServer.start(s, "127.0.0.1", 0, 1);
        assertEquals(200, send("GET", "/").statusCode(), "the burst of 1 admits the first");
        HttpResponse<String> r = send("GET", "/");
        assertEquals(529, r.statusCode(), "the bucket is empty");
        assertTrue(r.headers().firstValue("retry-after").isEmpty(), "no Retry-After configured: " + r.headers());
        ServerView v = server.view(1_000_000_000L);
        assertEquals(1, v.admitted());
        assertEquals(1, v.shed());
    }

    @Test
    void aPhaseSendsRetryAfterMsAnHttpDateAndShouldRetryOnTheStatusesItLists() throws Exception {
        PhaseSpec p = new PhaseSpec(Duration.ZERO, 0, 1, Duration.ofSeconds(3), Map.of(429, 1.0), 0, 0, 1, 0,
                new PhaseSpec.Hints(Duration.ofMillis(1500), true, false, java.util.Set.of(429)));
        server = MockServer.start(only(p, ServerSpec.DEFAULT_LATENCY), "127.0.0.1", 0, 1);
        java.time.Instant before = java.time.Instant.now();
        HttpResponse<String> r = send("POST", "/v1/messages");
        assertEquals(429, r.statusCode());
        assertEquals("1500", r.headers().firstValue("retry-after-ms").orElse("none"));
        assertEquals("false", r.headers().firstValue("x-should-retry").orElse("none"));
        java.time.Instant date = java.time.ZonedDateTime.parse(r.headers().firstValue("retry-after").orElse("none"),
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        long ahead = Duration.between(before, date).toMillis();
        assertTrue(ahead > 2_000 && ahead <= 4_000 + 10_000, "a date about 3 s ahead (rounded up; 10 s of scheduling slack): " + ahead + " ms");
    }

    @Test
    void scriptedErrorsCarryTheirErrorTypes() throws Exception {
        server = MockServer.start(only(phase(0, null, Map.of(429, 1.0), 0, 0), ServerSpec.DEFAULT_LATENCY), "127.0.0.1", 0, 1);
        HttpResponse<String> r = send("GET", "/");
        assertEquals(429, r.statusCode());
        assertTrue(r.body().contains("\"rate_limit_error\""), r.body());
        server.close();
        server = MockServer.start(only(phase(0, null, Map.of(503, 1.0), 0, 0), ServerSpec.DEFAULT_LATENCY), "127.0.0.1", 0, 1);
        r = send("GET", "/");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("\"api_error\""), r.body());
        assertEquals(Map.of(503, 1L), server.view(1_000_000_000L).errors());
    }

    @Test
    void theStatsEndpointCountsModelTrafficOnlyAndResetClearsIt() throws Exception {
        server = MockServer.start(only(phase(0.5, null, Map.of(), 0, 0), new LatencySpec.Fixed(Duration.ZERO)), "127.0.0.1", 0, 7);
        for (int i = 0; i < 20; i++) send("GET", "/v1/messages");
        HttpResponse<String> stats = send("GET", "/__stampede/stats");
        assertEquals(200, stats.statusCode());
        assertEquals("application/json", stats.headers().firstValue("content-type").orElse(""));
        assertTrue(stats.body().contains("\"total\":{\"received\":20,"), stats.body());
        ServerView v = server.view(1_000_000_000L);
        assertEquals(20, v.received(), "stats calls are not model traffic");
        assertEquals(20, v.admitted() + v.forced529(), "every request was admitted or forced: " + v);
        assertTrue(stats.body().contains("\"forced529\":" + v.forced529() + ","), stats.body());
        assertEquals(20, v.timeline().stream().mapToLong(ServerView.Interval::received).sum(), "timeline adds up to the total");

        assertEquals(405, send("GET", "/__stampede/reset").statusCode(), "reset needs POST");
        assertEquals(404, send("GET", "/__stampede/nothing").statusCode());
        assertEquals(200, send("POST", "/__stampede/reset").statusCode());
        assertEquals(0, server.received(), "reset clears the counters");
        assertTrue(send("GET", "/__stampede/stats").body().contains("\"received\":0,"));
    }

    @Test
    void theTimelineStartsAtTheClockRestart() throws Exception {
        server = MockServer.start(only(PhaseSpec.HEALTHY, new LatencySpec.Fixed(Duration.ZERO)), "127.0.0.1", 0, 1);
        send("GET", "/");
        server.restartClock();
        assertEquals(0, server.received(), "a restart begins a new run");
        send("GET", "/");
        send("GET", "/");
        ServerView v = server.view(100_000_000L);
        assertEquals(2, v.received());
        assertEquals(0.0, v.timeline().getFirst().startSeconds());
        assertEquals(2, v.timeline().stream().mapToLong(ServerView.Interval::admitted).sum());
    }

    @Test
    void aResetClosesTheConnectionWithoutAnyResponseBytes() throws Exception {
        server = MockServer.start(only(phase(0, null, Map.of(), 1, 0), ServerSpec.DEFAULT_LATENCY), "127.0.0.1", 0, 1);
        try (Socket s = rawSocket()) {
            s.getOutputStream().write("GET /v1/messages HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] got = readAll(s);
            assertEquals(0, got.length, "a reset must send no bytes, got: " + new String(got, StandardCharsets.ISO_8859_1));
        }
        assertEquals(1, server.view(1_000_000_000L).resets());
    }

    @Test
    void aHangNeverAnswersAndEndsWhenTheServerCloses() throws Exception {
        server = MockServer.start(only(phase(0, null, Map.of(), 0, 1), ServerSpec.DEFAULT_LATENCY), "127.0.0.1", 0, 1);
        try (Socket s = rawSocket()) {
            s.setSoTimeout(300);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "the client's timeout must fire");
            server.close();
            s.setSoTimeout(5000);
            assertEquals(-1, s.getInputStream().read(), "close() ends the hang by closing the connection, unanswered");
        }
        assertEquals(1, server.view(1_000_000_000L).hangs());
    }

    @Test
    void closeLeavesNoListeningSocket() {
        server = MockServer.start(ServerSpec.HEALTHY, "127.0.0.1", 0, 1);
        URI url = server.baseUrl();
        server.close();
        server.close(); // idempotent
        assertThrows(ConnectException.class, () -> new Socket(url.getHost(), url.getPort()).close(),
                "nothing should listen on " + url + " after close()");
    }

    private Socket rawSocket() throws IOException {
        Socket s = new Socket(server.baseUrl().getHost(), server.baseUrl().getPort());
        s.setSoTimeout(5000);
        return s;
    }

    static byte[] readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.readAllBytes();
        } catch (java.net.SocketException reset) {
            return new byte[0]; // RST instead of FIN: still no response
        }
    }
}
