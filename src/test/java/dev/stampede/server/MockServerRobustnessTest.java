package dev.stampede.server;

import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ServerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad clients over raw sockets: the server must survive each and still answer a well-formed request. */
class MockServerRobustnessTest {

    private MockServer server;

    @BeforeEach
    void start() {
        server = MockServer.start(new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0,
                new LatencySpec.Fixed(Duration.ZERO), null, List.of(PhaseSpec.HEALTHY)), "127.0.0.1", 0, 1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket socket() throws IOException {
        Socket s = new Socket(server.baseUrl().getHost(), server.baseUrl().getPort());
        s.setSoTimeout(5000); // a bound on every read: a stuck server fails the test instead of hanging it
        return s;
    }

    private static String ascii(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    /** A well-formed request on a fresh connection: the proof that the server still works. */
    private void assertStillAnswers() throws IOException {
        try (Socket s = socket()) {
            s.getOutputStream().write("GET /v1/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = ascii(s.getInputStream().readAllBytes());
            assertTrue(response.startsWith("HTTP/1.1 200"), "the server should still answer 200, got: " + response);
        }
    }

    private static String exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        return ascii(MockServerTest.readAll(s));
    }

    @Test
    void aGarbageRequestLineIsRejectedAndTheServerGoesOn() throws IOException {
        try (Socket s = socket()) {
            String response = exchange(s, "THIS IS NOT HTTP\r\n\r\n");
            assertTrue(response.isEmpty() || response.matches("(?s)HTTP/1\\.1 4\\d\\d .*"), "expected a 4xx or a closed connection, got: " + response);
        }
        assertStillAnswers();
    }

    @Test
    void randomBinaryBytesDoNotHurtTheServer() throws IOException {
        byte[] junk = new byte[16 * 1024];
        new SplittableRandom(5).nextBytes(junk);
        try (Socket s = socket()) {
            try {
                s.getOutputStream().write(junk);
                s.shutdownOutput();
            } catch (IOException closedByServer) {
                // the server may close mid-write
            }
            String response = ascii(MockServerTest.readAll(s)); // a read timeout here fails the test
            assertTrue(response.isEmpty() || response.matches("(?s)HTTP/1\\.1 4\\d\\d .*"), "expected a 4xx or a close, got: " + response);
        }
        assertStillAnswers();
    }

    @Test
    void aBadContentLengthIsRejected() throws IOException {
        try (Socket s = socket()) {
            String response = exchange(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n");
            assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 400"), "expected 400 or a close, got: " + response);
        }
        assertStillAnswers();
        assertEquals(1, server.received(), "only the good request reached the model");
    }

    /** Reads up to the blank line after the response headers. */
    private static String readHead(Socket s) throws IOException {
        StringBuilder b = new StringBuilder();
        java.io.InputStream in = s.getInputStream();
        for (int c; !b.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0; ) b.append((char) c);
        return b.toString();
    }

    @Test
    void aDeclaredOversizedBodyGets413BeforeItIsSent() throws IOException {
        try (Socket s = socket()) {
            // 2 MiB declared, not one byte sent yet: the 413 must come anyway, marked Connection: close.
            s.getOutputStream().write("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String head = readHead(s);
            assertTrue(head.startsWith("HTTP/1.1 413"), "expected 413, got: " + head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
        }
        assertStillAnswers();
        assertEquals(1, server.received(), "a 413 is not model traffic");
    }

    @Test
    void anOversizedBodySentInFullStillGetsItsWhole413() throws IOException {
        int size = 3 << 20;
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[size]);
                } catch (IOException closedByServer) {
                    // the test below decides
                }
            });
            String response = ascii(MockServerTest.readAll(s));
            assertTrue(response.startsWith("HTTP/1.1 413") && response.contains("request_too_large"),
                    "the whole 413 should arrive (no reset), got: " + response);
            try { writer.join(5000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        }
    }

    @Test
    void aBodyDeclaredFarBeyondTheLimitIsAnsweredAndClosedWithoutReading() throws IOException {
        try (Socket s = socket()) {
            String response = exchange(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 413"), "expected 413 then a close, got: " + response);
        }
        assertStillAnswers();
    }

    @Test
    void aChunkedBodyOverTheLimitGets413() throws Exception {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 40; i++) { // 2.5 MiB in 64 KiB chunks, more than the 1 MiB limit
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedByServer) {
                    // expected once the server has answered 413 and closed
                }
            });
            String response = ascii(MockServerTest.readAll(s));
            assertTrue(response.startsWith("HTTP/1.1 413"), "expected 413, got: " + response.substring(0, Math.min(200, response.length())));
            s.close();
            writer.join(5000);
        }
        assertStillAnswers();
    }

    @Test
    void aBodyJustUnderTheLimitIsServed() throws IOException {
        int size = (int) MockServer.MAX_BODY_BYTES;
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[size]);
            String response = ascii(s.getInputStream().readAllBytes());
            assertTrue(response.startsWith("HTTP/1.1 200"), "1 MiB exactly is allowed, got: " + response);
        }
    }

    @Test
    void halfClosedConnectionsAreAnsweredOrClosed() throws IOException {
        try (Socket s = socket()) { // a complete request, then the client shuts its side: still answered
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            String response = ascii(MockServerTest.readAll(s));
            assertTrue(response.startsWith("HTTP/1.1 200"), "got: " + response);
        }
        try (Socket s = socket()) { // half a request line, then shut: the server must close, not wait forever
            s.getOutputStream().write("GET /v1/mess".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            String response = ascii(MockServerTest.readAll(s));
            assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 400"), "got: " + response);
        }
        try (Socket s = socket()) { // headers promise a body that never comes
            s.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            String response = ascii(MockServerTest.readAll(s));
            assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 400"), "a truncated body is never model traffic, got: " + response);
        }
        assertStillAnswers();
    }

    @Test
    void abandonedConnectionsDoNotStallTheServer() throws IOException {
        List<Socket> abandoned = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket s = socket();
                if (i % 2 == 0) s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                abandoned.add(s); // half of them silent, half stuck mid-header
            }
            assertStillAnswers();
        } finally {
            for (Socket s : abandoned) s.close();
        }
        assertStillAnswers();
    }

    @Test
    void closeEndsEvenWithConnectionsStuckMidRequest() throws IOException {
        List<Socket> stuck = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                Socket s = socket();
                s.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab".getBytes(StandardCharsets.US_ASCII));
                stuck.add(s);
            }
            assertStillAnswers();
            server.close();
            for (Socket s : stuck) {
                assertEquals(0, MockServerTest.readAll(s).length, "a stuck connection is closed unanswered by close()");
            }
        } finally {
            for (Socket s : stuck) s.close();
        }
    }
}
