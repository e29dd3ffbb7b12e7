package dev.stampede.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw-socket server on 127.0.0.1, port 0, that misbehaves on purpose: each accepted connection's
 * request head is read, then {@code behaviour} decides what goes back. Closing it closes every socket.
 */
final class MisbehavingServer implements AutoCloseable {

    /** What the server does with one connection after reading a request head. */
    @FunctionalInterface
    interface Behaviour {
        void respond(Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    /** Never answers: holds each connection until the server closes. */
    static final Behaviour HANG = (s, out) -> { throw new AssertionError("handled by serve"); };

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final Thread acceptor;
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

    MisbehavingServer(Behaviour behaviour) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    Thread.ofVirtual().start(() -> serve(s, behaviour));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket s, Behaviour behaviour) {
        try (s) {
            InputStream in = s.getInputStream();
            while (readHead(in)) {
                requests.incrementAndGet();
                if (behaviour == HANG) {
                    closing.await();
                    return;
                }
                behaviour.respond(s, s.getOutputStream());
                if (s.isClosed()) return;
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the server closed: nothing to do
        }
    }

    /** Reads up to the blank line after the headers; false at end of stream. Requests in tests have no body. */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        int c;
        while ((c = in.read()) != -1) {
            matched = switch (matched) {
                case 0, 2 -> c == '\r' ? matched + 1 : 0;
                case 1, 3 -> c == '\n' ? matched + 1 : 0;
                default -> 0;
            };
            if (matched == 4) return true;
        }
        return false;
    }

    URI baseUrl() { return URI.create("http://127.0.0.1:" + server.getLocalPort()); }

    long requests() { return requests.get(); }

    @Override public void close() throws IOException {
        closing.countDown();
        server.close();
        for (Socket s : sockets) s.close();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static Behaviour answer(String rawHead) {
        return (s, out) -> write(out, rawHead);
    }
}
