// The baseline of scripts/bench/engine-vs-wrk.sh: the least a java.net.http load loop can do — one shared
// HTTP/1.1 client on a virtual-thread executor, N virtual threads sending back to back, no recording.
// Usage: java BareLoop.java URL CONCURRENCY WARMUP_SECONDS MEASURE_SECONDS
// Prints: bare_rps=<attempts per second during the measured window> errors=<failed sends>

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

public class BareLoop {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        long warmupNanos = Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        long measureNanos = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build()) {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build();
            LongAdder ok = new LongAdder();
            LongAdder errors = new LongAdder();
            long start = System.nanoTime();
            long endNanos = start + warmupNanos + measureNanos;
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < endNanos) {
                        try {
                            client.send(request, HttpResponse.BodyHandlers.discarding());
                            ok.increment();
                        } catch (Exception e) {
                            errors.increment();
                        }
                    }
                }));
            }
            Thread.sleep(Duration.ofNanos(warmupNanos));
            long okAtWarmupEnd = ok.sum();
            long measuredFrom = System.nanoTime();
            for (Thread t : threads) t.join();
            double seconds = (System.nanoTime() - measuredFrom) / 1e9;
            System.out.printf("bare_rps=%.0f errors=%d%n", (ok.sum() - okAtWarmupEnd) / seconds, errors.sum());
        }
    }
}
