package dev.stampede.server;

import dev.stampede.metrics.ServerView;
import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.QueueSpec;
import dev.stampede.scenario.ServerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live mock counts executions per logical request and honours idempotency keys, over loopback. */
class MockDuplicatesTest {

    private MockServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (server != null) server.close();
        client.close();
    }

    private static ServerSpec spec(LatencySpec latency, boolean idempotency, QueueSpec queueing) {
        return new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, latency, null, List.of(PhaseSpec.HEALTHY), List.of(), 0,
                queueing, idempotency, "Idempotency-Key");
    }

    private HttpRequest charge(String header, String value, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUrl().resolve("/v1/charges")).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) b.header(header, value);
        return b.build();
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return client.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSecondExecutionOfTheSameLogicalRequestIsCountedAsADuplicate() throws Exception {
        server = MockServer.start(spec(new LatencySpec.Fixed(Duration.ofMillis(5)), false, QueueSpec.NONE), "127.0.0.1", 0, 1);
        assertEquals(200, send(charge(MockServer.REQUEST_HEADER, "7", "{}")).statusCode());
        assertEquals(200, send(charge(MockServer.REQUEST_HEADER, "7", "{}")).statusCode());
        assertEquals(200, send(charge(MockServer.REQUEST_HEADER, "8", "{}")).statusCode());
        assertEquals(200, send(charge(null, null, "{}")).statusCode());
        assertEquals(200, send(charge(null, null, "{}")).statusCode());
        ServerView v = server.view(1_000_000_000L);
        assertEquals(1, v.duplicates(), "request 7 executed twice; 8 once; requests without an identifier are each their own");
        assertEquals(1, v.timeline().stream().mapToLong(ServerView.Interval::duplicates).sum());
        assertEquals(1, server.totals().duplicates(), "the cheap totals carry it too");
        String stats = send(HttpRequest.newBuilder(server.baseUrl().resolve("/__stampede/stats")).GET().build()).body();
        assertTrue(stats.contains("\"duplicates\":1,\"replayed\":0,\"conflicts\":0"), stats);
    }

    @Test
    void theIdempotencyKeyIdentifiesTheLogicalRequestWhenPresent() throws Exception {
        server = MockServer.start(spec(new LatencySpec.Fixed(Duration.ofMillis(5)), false, QueueSpec.NONE), "127.0.0.1", 0, 1);
        send(charge("Idempotency-Key", "a", "{}"));
        send(charge("Idempotency-Key", "a", "{}"));
        assertEquals(1, server.totals().duplicates());
        server.restartClock();
        send(charge("Idempotency-Key", "a", "{}"));
        assertEquals(0, server.totals().duplicates(), "a new run forgets every key");
    }

    @Test
    void anHonouredKeyReplaysTheStoredAnswerWithoutDoingTheWorkAgain() throws Exception {
        server = MockServer.start(spec(new LatencySpec.Fixed(Duration.ofMillis(5)), true, QueueSpec.NONE), "127.0.0.1", 0, 1);
        HttpResponse<String> first = send(charge("Idempotency-Key", "k1", "{}"));
        HttpResponse<String> again = send(charge("Idempotency-Key", "k1", "{}"));
        assertEquals(200, first.statusCode());
        assertFalse(first.headers().firstValue(MockServer.REPLAYED_HEADER).isPresent());
        assertEquals(200, again.statusCode());
        assertEquals("true", again.headers().firstValue(MockServer.REPLAYED_HEADER).orElse(""));
        ServerView v = server.view(1_000_000_000L);
        assertEquals(0, v.duplicates());
        assertEquals(1, v.replayed());
        assertEquals(2, v.admitted(), "a replay counts as admitted");
    }

    @Test
    void anHonouredKeyWhoseWorkIsInProgressIsAnswered409AtOnce() throws Exception {
        // one worker: the first charge holds the key while it is served (5 s, ended by closing the server)
        server = MockServer.start(spec(new LatencySpec.Fixed(Duration.ofSeconds(5)), true,
                new QueueSpec(1, 10, QueueSpec.Discipline.FIFO, null, Duration.ZERO, false)), "127.0.0.1", 0, 1);
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(charge("Idempotency-Key", "k1", "{}"),
                HttpResponse.BodyHandlers.ofString());
        long until = System.nanoTime() + 10_000_000_000L;
        while (server.inService() == 0 && System.nanoTime() < until) Thread.onSpinWait(); // the first charge was admitted
        assertEquals(1, server.inService());
        HttpResponse<String> second = send(charge("Idempotency-Key", "k1", "{}"));
        assertEquals(409, second.statusCode());
        assertTrue(second.body().contains("idempotency_error"), second.body());
        assertEquals(1, server.view(1_000_000_000L).conflicts());
        assertEquals(1L, server.view(1_000_000_000L).errors().get(409), "a conflict is an error answer, 409");
        server.close();
        assertTrue(first.handle((r, e) -> true).get(), "the first ends when the server closes");
    }

    @Test
    void aLatencyWithACostPerKibibyteTakesLongerForALargerBody() throws Exception {
        server = MockServer.start(spec(new LatencySpec.Sized(new LatencySpec.Fixed(Duration.ZERO), Duration.ofMillis(20)), false,
                QueueSpec.NONE), "127.0.0.1", 0, 1);
        String tenKiB = "x".repeat(10 * 1024);
        long t0 = System.nanoTime();
        assertEquals(200, send(charge(null, null, tenKiB)).statusCode());
        long took = System.nanoTime() - t0;
        assertTrue(took >= 200_000_000L, "20 ms per KiB of a 10 KiB body is at least 200 ms of service, took " + took + " ns");
        assertEquals(10 * 1024, tenKiB.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(server.view(1_000_000_000L).busySeconds() >= 0.2, "the model charged the body's size");
    }
}
