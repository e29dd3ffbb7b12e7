import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-model ceiling of the simplest client virtual threads allow, without java.net.http and without stampede: a
 * reference for what any virtual-thread design can reach on this machine (docs/engine.md, "Benchmarks"). A pacer
 * thread hands out arrivals evenly spaced at RATE per second for SECONDS; each request is one HTTP/1.1 GET of /ok on
 * one of CONNECTIONS keep-alive blocking sockets to 127.0.0.1:PORT; latency is from the intended start (no
 * coordinated omission). Two rounds, the first a warm-up; both are printed.
 *
 * <p>Modes: {@code per-arrival} — a new virtual thread per arrival takes a socket from the pool (waiting when all
 * are busy), exchanges and returns it; {@code per-connection} — CONNECTIONS virtual threads, each owning one socket,
 * take arrivals from one queue.
 *
 * <p>Usage: {@code java scripts/bench/SocketCeiling.java PORT RATE SECONDS CONNECTIONS MODE}. Bounded: each round
 * sends RATE x SECONDS requests; a round whose client falls behind takes longer than SECONDS (the achieved rate says
 * by how much).
 */
public class SocketCeiling {

    private static final byte[] REQUEST = "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: socket-ceiling\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    /** One keep-alive connection; one exchange at a time. */
    static final class Connection {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[8192];

        Connection(int port) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setTcpNoDelay(true);
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        /** Sends the request, reads the headers and a Content-Length body; returns the status. */
        int exchange() throws IOException {
            out.write(REQUEST);
            out.flush();
            int n = 0, headerEnd = -1;
            while (headerEnd < 0) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) throw new EOFException();
                n += r;
                for (int i = 3; i < n; i++) {
                    if (buf[i - 3] == '\r' && buf[i - 2] == '\n' && buf[i - 1] == '\r' && buf[i] == '\n') {
                        headerEnd = i + 1;
                        break;
                    }
                }
            }
            String h = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(h.substring(9, 12));
            int length = 0, k = h.toLowerCase().indexOf("content-length:");
            if (k >= 0) length = Integer.parseInt(h.substring(k + 15, h.indexOf('\r', k)).trim());
            for (int have = n - headerEnd; have < length; ) {
                int r = in.read(buf, 0, buf.length);
                if (r < 0) throw new EOFException();
                have += r;
            }
            return status;
        }
    }

    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]), rate = Integer.parseInt(a[1]), seconds = Integer.parseInt(a[2]);
        int connections = Integer.parseInt(a[3]);
        String mode = a[4];
        if (!mode.equals("per-arrival") && !mode.equals("per-connection")) throw new IllegalArgumentException(mode);
        ArrayBlockingQueue<Connection> pool = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) pool.add(new Connection(port));
        for (int round = 0; round < 2; round++) {
            int total = rate * seconds;
            long[] latency = new long[total];
            AtomicInteger errors = new AtomicInteger();
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            if (mode.equals("per-arrival")) {
                try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < total; i++) {
                        long intended = start + i * interval;
                        pace(intended);
                        int idx = i;
                        ex.execute(() -> {
                            try {
                                Connection c = pool.take();
                                try {
                                    c.exchange();
                                } finally {
                                    pool.put(c);
                                }
                                latency[idx] = System.nanoTime() - intended;
                            } catch (Exception e) {
                                errors.incrementAndGet();
                            }
                        });
                    }
                }
            } else {
                LinkedBlockingQueue<long[]> queue = new LinkedBlockingQueue<>();
                List<Thread> workers = new ArrayList<>();
                for (int w = 0; w < connections; w++) {
                    workers.add(Thread.ofVirtual().start(() -> {
                        try {
                            Connection c = pool.take();
                            for (long[] job; (job = queue.take())[0] >= 0; ) {
                                try {
                                    c.exchange();
                                    latency[(int) job[0]] = System.nanoTime() - job[1];
                                } catch (IOException e) {
                                    errors.incrementAndGet();
                                }
                            }
                            pool.put(c);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
                }
                for (int i = 0; i < total; i++) {
                    long intended = start + i * interval;
                    pace(intended);
                    queue.add(new long[] {i, intended});
                }
                for (int w = 0; w < connections; w++) queue.add(new long[] {-1, 0});
                for (Thread t : workers) t.join();
            }
            long elapsed = System.nanoTime() - start;
            long[] sorted = latency.clone();
            Arrays.sort(sorted);
            System.out.printf("%s round %d (%s): rate %d achieved %.0f/s errors %d p50 %.2f ms p99 %.2f ms p99.9 %.2f ms "
                            + "max %.1f ms%n", mode, round, round == 0 ? "warm-up" : "measured", rate, total * 1e9 / elapsed,
                    errors.get(), sorted[total / 2] / 1e6, sorted[(int) (total * 0.99)] / 1e6,
                    sorted[(int) (total * 0.999)] / 1e6, sorted[total - 1] / 1e6);
        }
    }

    /** Sleeps until {@code intended}, spinning for its last 0.2 ms; returns at once when already late. */
    private static void pace(long intended) {
        for (long now; (now = System.nanoTime()) < intended; ) {
            long d = intended - now;
            if (d > 200_000) LockSupport.parkNanos(d - 100_000);
            else Thread.onSpinWait();
        }
    }
}
