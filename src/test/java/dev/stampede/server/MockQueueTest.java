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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live mock's waiting room over loopback: requests really wait, really time out in the queue, really get cancelled. */
class MockQueueTest {

    private MockServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (server != null) server.close();
        client.close();
    }

    private static ServerSpec oneWorker(Duration service, Duration queueTimeout, boolean cancel) {
        return new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, new LatencySpec.Fixed(service), Duration.ofSeconds(4),
                List.of(PhaseSpec.HEALTHY), List.of(), 0,
                new QueueSpec(1, 10, QueueSpec.Discipline.FIFO, queueTimeout, Duration.ZERO, cancel));
    }

    private CompletableFuture<HttpResponse<String>> send(Long timeoutMs) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUrl().resolve("/v1/messages")).timeout(Duration.ofSeconds(30));
        if (timeoutMs != null) b.header(MockServer.TIMEOUT_HEADER, Long.toString(timeoutMs));
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits (bounded, 20 s) until {@code value} reaches {@code expected}: the mock's own counters, not a sleep, say when. */
    private static void awaitValue(long expected, LongSupplier value, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (value.getAsLong() != expected) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": expected " + expected + ", is " + value.getAsLong());
            Thread.onSpinWait();
            Thread.sleep(1);
        }
    }

    @Test
    void aRequestServedAfterWaitingInTheQueueIsDegradedLikeOneServedAtOnce() throws Exception {
        ServerSpec w = oneWorker(Duration.ofMillis(100), null, false);
        ServerSpec allDegraded = new ServerSpec(w.model(), null, 0, 0, w.latency(), w.overloadedRetryAfter(), w.phases(), List.of(),
                1.0, w.queueing());
        server = MockServer.start(allDegraded, "127.0.0.1", 0, 1);
        CompletableFuture<HttpResponse<String>> first = send(null);
        awaitValue(1, server::inService, "in service");
        CompletableFuture<HttpResponse<String>> second = send(null);
        awaitValue(1, server::queued, "waiting");
        assertEquals(200, first.get().statusCode());
        assertEquals("", first.get().body(), "served at once: degraded (an empty body)");
        assertEquals(200, second.get().statusCode());
        assertEquals("", second.get().body(), "served after waiting for the worker: degraded too");
    }

    @Test
    void aSecondRequestWaitsForTheOnlyWorkerAndIsServedAfterTheFirst() throws Exception {
        server = MockServer.start(oneWorker(Duration.ofMillis(300), null, false), "127.0.0.1", 0, 1);
        CompletableFuture<HttpResponse<String>> first = send(null);
        awaitValue(1, server::inService, "in service");
        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<String>> second = send(null);
        awaitValue(1, server::queued, "waiting");
        assertEquals(200, first.get().statusCode());
        assertEquals(200, second.get().statusCode());
        assertTrue(System.nanoTime() - t0 >= 300_000_000L, "the second request's own 300 ms service came after its wait");
        ServerView v = server.view(1_000_000_000L);
        assertEquals(2, v.admitted());
        assertTrue(v.busySeconds() >= 0.59, "two services of 300 ms: " + v.busySeconds());
        assertEquals(0, v.wastedSeconds(), "no client stopped waiting");
    }

    @Test
    void aRequestThatWaitedTheQueueTimeoutGetsA529WithRetryAfterAndIsCounted() throws Exception {
        server = MockServer.start(oneWorker(Duration.ofSeconds(2), Duration.ofMillis(100), false), "127.0.0.1", 0, 1);
        CompletableFuture<HttpResponse<String>> first = send(null);
        awaitValue(1, server::inService, "in service");
        HttpResponse<String> second = send(null).get();
        assertEquals(529, second.statusCode());
        assertEquals("4", second.headers().firstValue("retry-after").orElse(null));
        assertEquals(1, server.view(1_000_000_000L).queueTimeouts());
        assertEquals(200, first.get().statusCode());
    }

    @Test
    void withCancelAbandonedTheWorkerOfAClientThatLeftIsFreedAtItsDeadline() throws Exception {
        server = MockServer.start(oneWorker(Duration.ofSeconds(5), null, true), "127.0.0.1", 0, 1);
        CompletableFuture<HttpResponse<String>> leaving = send(200L); // its client waits 200 ms
        awaitValue(1, server::inService, "in service");
        CompletableFuture<HttpResponse<String>> next = send(null);
        awaitValue(1, server::queued, "waiting");
        // at the first client's deadline the mock drops its work: the waiting request takes the worker
        awaitValue(0, server::queued, "the freed worker took the waiting request");
        assertThrows(java.util.concurrent.ExecutionException.class, leaving::get, "the abandoned request is closed unanswered");
        assertTrue(leaving.isCompletedExceptionally());
        assertTrue(server.view(1_000_000_000L).wastedSeconds() > 0.1, "the 200 ms served for a client that left is wasted");
        next.cancel(true);
    }
}
