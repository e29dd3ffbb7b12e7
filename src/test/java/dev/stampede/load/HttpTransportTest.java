package dev.stampede.load;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.RequestSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpTransportTest {

    private static final Duration TIMEOUT = Duration.ofMillis(600);
    private static final long TIMEOUT_NANOS = TIMEOUT.toNanos();

    private static HttpTransport transport(URI base) {
        RequestSpec spec = new RequestSpec("POST", "/v1/messages",
                List.of(new RequestSpec.Header("x-api-key", "sk-very-secret", true)), "{}", TIMEOUT);
        return new HttpTransport(base.resolve("/v1/messages"), spec, HttpTransport.DEFAULT_BODY_LIMIT_BYTES,
                InstantSource.system());
    }

    /**
     * One exchange before the timed tests: on a cold, loaded JVM the first exchange loads and compiles the JDK client
     * and can take longer than {@link #TIMEOUT} by itself, which would turn whichever test runs first into a timeout.
     */
    @org.junit.jupiter.api.BeforeAll
    static void loadTheHttpClientOnce() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer(MisbehavingServer.answer("HTTP/1.1 204 No Content\r\n\r\n"));
             HttpTransport t = transport(s.baseUrl())) {
            assertEquals(204, t.send(Duration.ofSeconds(60).toNanos()).status());
        }
    }

    /** Sends one attempt and checks it ended within its timeout plus a scheduling allowance. */
    private static AttemptOutcome sendOnce(URI base) throws Exception {
        try (HttpTransport t = transport(base)) {
            long start = System.nanoTime();
            AttemptOutcome outcome = t.send(TIMEOUT_NANOS);
            long tookNanos = System.nanoTime() - start;
            long allowanceNanos = Duration.ofSeconds(2).toNanos();
            assertTrue(tookNanos < TIMEOUT_NANOS + allowanceNanos,
                    "an attempt must end within its timeout (" + TIMEOUT + ") plus 2 s of scheduling, took "
                            + Duration.ofNanos(tookNanos));
            return outcome;
        }
    }

    @Test
    void aStatusAndItsHintsAreReadWithHeaderNamesInAnyCase() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer(MisbehavingServer.answer(
                "HTTP/1.1 529 \r\nRetry-after: 2\r\nX-Should-Retry:  false \r\nContent-Length: 5\r\n\r\nbusy!"))) {
            AttemptOutcome o = sendOnce(s.baseUrl());
            assertEquals(529, o.status(), "outcome " + o);
            assertNull(o.error());
            assertEquals(2_000_000_000L, o.retryAfterNanos(), "Retry-After: 2 is 2 s in nanoseconds");
            assertEquals(Boolean.FALSE, o.shouldRetry());
        }
    }

    @Test
    void theShouldRetryValueIsComparedExactlyAsTheSdkDoes() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer(MisbehavingServer.answer(
                "HTTP/1.1 529 \r\nx-should-retry: False\r\nContent-Length: 0\r\n\r\n"))) {
            assertNull(sendOnce(s.baseUrl()).shouldRetry(), "'False' is neither 'true' nor 'false' to the SDK: no opinion");
        }
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer(MisbehavingServer.answer(
                "HTTP/1.1 429 Too Many\r\nretry-after: 9\r\nRETRY-AFTER-MS: 250\r\nContent-Length: 0\r\n\r\n"))) {
            AttemptOutcome o = sendOnce(s.baseUrl());
            assertEquals(429, o.status());
            assertEquals(250_000_000L, o.retryAfterNanos(), "retry-after-ms: 250 is 250 ms");
            assertNull(o.shouldRetry(), "no x-should-retry header means no opinion");
        }
    }

    @Test
    void aRefusedConnectionIsConnect() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket()) {
            closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = closed.getLocalPort();
        }
        assertEquals(ErrorKind.CONNECT, sendOnce(URI.create("http://127.0.0.1:" + port)).error());
    }

    @Test
    void aConnectionClosedWithoutAnswerIsReset() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer((socket, out) -> {
            socket.setSoLinger(true, 0);
            socket.close();
        })) {
            assertEquals(ErrorKind.RESET, sendOnce(s.baseUrl()).error());
        }
    }

    @Test
    void aServerThatNeverAnswersIsTimeout() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer(MisbehavingServer.HANG)) {
            assertEquals(ErrorKind.TIMEOUT, sendOnce(s.baseUrl()).error());
        }
    }

    @Test
    void anAttemptTheWatchdogEndedLeavesItsThreadUninterrupted() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer(MisbehavingServer.HANG);
             HttpTransport t = transport(s.baseUrl())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(ErrorKind.TIMEOUT, t.send(Duration.ofMillis(50).toNanos()).error(), "attempt " + i);
                assertFalse(Thread.interrupted(), "the watchdog's interrupt must not outlive attempt " + i);
            }
        }
    }

    @Test
    void whenTheWatchdogExpiresAnAttemptThatHasJustEndedItsInterruptIsCleared() {
        // the race: the exchange returned, and the watchdog expired the attempt before its thread could end it
        HttpTransport.Deadline lost = new HttpTransport.Deadline(0, 0, Thread.currentThread());
        lost.expire();
        assertTrue(Thread.currentThread().isInterrupted(), "the watchdog interrupts the waiting thread");
        assertTrue(lost.end(false), "the attempt reads as expired");
        assertFalse(Thread.interrupted(), "and the interrupt no longer reaches the thread's next wait");

        HttpTransport.Deadline won = new HttpTransport.Deadline(0, 1, Thread.currentThread());
        assertFalse(won.end(false), "ended first: not expired");
        won.expire();
        assertFalse(Thread.interrupted(), "the watchdog leaves an ended attempt's thread alone");
    }

    @Test
    void anInterruptFromElsewhereIsPassedOnNotCountedAsATimeout() throws Exception {
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (MisbehavingServer s = new MisbehavingServer((socket, out) -> {
                 arrived.countDown();
                 release.await();
             });
             HttpTransport t = transport(s.baseUrl())) {
            java.util.concurrent.atomic.AtomicReference<Object> ended = new java.util.concurrent.atomic.AtomicReference<>();
            Thread client = Thread.ofVirtual().start(() -> {
                try {
                    ended.set(t.send(Duration.ofHours(1).toNanos()));
                } catch (InterruptedException e) {
                    ended.set(e);
                }
            });
            arrived.await();  // the attempt is on the wire, its client waiting
            client.interrupt();  // as the run's end does
            client.join(Duration.ofSeconds(30));
            release.countDown();
            assertFalse(client.isAlive(), "an interrupted attempt must end");
            assertTrue(ended.get() instanceof InterruptedException, "the run's interrupt is passed on, got " + ended.get());
            assertEquals(0, t.pendingDeadlines(), "its deadline was released");
        }
    }

    @Test
    void garbageInsteadOfHttpIsProtocol() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer((socket, out) -> {
            MisbehavingServer.write(out, "SSH-2.0-OpenSSH_9.2 what is this\r\n\r\n");
            socket.close();
        })) {
            assertEquals(ErrorKind.PROTOCOL, sendOnce(s.baseUrl()).error());
        }
    }

    @Test
    void aTenMegabyteBodyIsBodyTooLarge() throws Exception {
        int size = 10 * 1024 * 1024;
        try (MisbehavingServer s = new MisbehavingServer((socket, out) -> {
            MisbehavingServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < size; sent += chunk.length) out.write(chunk);
            out.flush();
        })) {
            assertEquals(ErrorKind.BODY_TOO_LARGE, sendOnce(s.baseUrl()).error());
        }
    }

    @Test
    void aBodyDribbledSlowerThanTheTimeoutIsTimeout() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer((socket, out) -> {
            MisbehavingServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        })) {
            assertEquals(ErrorKind.TIMEOUT, sendOnce(s.baseUrl()).error(),
                    "headers arrived in time, but the body would take 100 s: the whole exchange must time out");
        }
    }

    @Test
    void aHealthyKeepAliveServerAnswersManyAttemptsOnFewConnections() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer(MisbehavingServer.answer(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
             HttpTransport t = transport(s.baseUrl())) {
            for (int i = 0; i < 20; i++) assertTrue(t.send(TIMEOUT_NANOS).isSuccess(), "attempt " + i + " should succeed");
            assertEquals(20, s.requests(), "the server saw every attempt once");
        }
    }

    @Test
    void aHeaderThatCannotBeSentIsNamedWithoutItsValue() {
        RequestSpec spec = new RequestSpec("GET", "/", List.of(new RequestSpec.Header("authorization", "Bearer s3cr3t\nx", true)),
                "", TIMEOUT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HttpTransport(URI.create("http://127.0.0.1:1/"), spec, 1024, InstantSource.system()));
        assertTrue(e.getMessage().contains("authorization"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), "the secret value must not appear: " + e.getMessage());
    }

    @Test
    void errorsAreClassifiedByKind() {
        assertEquals(ErrorKind.TIMEOUT, HttpTransport.classify(new java.net.http.HttpTimeoutException("t")));
        assertEquals(ErrorKind.CONNECT, HttpTransport.classify(new IOException(new java.net.ConnectException("refused"))));
        assertEquals(ErrorKind.PROTOCOL, HttpTransport.classify(new java.net.ProtocolException("Invalid status line")));
        assertEquals(ErrorKind.RESET, HttpTransport.classify(new java.io.EOFException("EOF reached while reading")));
        assertEquals(ErrorKind.RESET, HttpTransport.classify(new IOException("Connection reset")));
    }

    @Test
    void onlyFailuresATargetCanCauseBecomeErrorKindsAndAnythingElseSurfaces() {
        assertEquals(ErrorKind.RESET, HttpTransport.failure(new java.io.UncheckedIOException(new IOException("reset"))),
                "an I/O error anywhere in the causes is the network's doing");
        assertNull(HttpTransport.classify(new NullPointerException("a bug")), "not an I/O error: no error kind");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HttpTransport.failure(new IllegalArgumentException("a bug in a body subscriber")));
        assertTrue(e.getCause() instanceof IllegalArgumentException, "the bug is rethrown with its cause");
    }

    @Test
    void aFinishedAttemptReleasesItsDeadlineAtOnceEvenWithALongTimeout() throws Exception {
        try (MisbehavingServer s = new MisbehavingServer(MisbehavingServer.answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
             HttpTransport t = transport(s.baseUrl())) {
            long hourNanos = Duration.ofHours(1).toNanos();
            for (int i = 0; i < 50; i++) {
                assertEquals(200, t.send(hourNanos).status());
                assertEquals(0, t.pendingDeadlines(), "attempt " + i + " ended: the watchdog holds nothing of it");
            }
        }
    }
}
