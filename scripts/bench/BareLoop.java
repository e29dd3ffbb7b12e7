// The baseline of scripts/bench/engine-vs-wrk.sh: the least a java.net.http load loop can do — one shared
// HTTP/1.1 client on a virtual-thread executor, N virtual threads sending back to back, no recording.
// Usage: java BareLoop.java URL CONCURRENCY WARMUP_SECONDS MEASURE_SECONDS
// Prints: bare_rps=<attempts per second during the measured window> cpu_us=<process CPU time per attempt> errors=<failed sends>

import java.lang.management.ManagementFactory;
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
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            Thread.sleep(Duration.ofNanos(warmupNanos));
            long okAtWarmupEnd = ok.sum();
            long cpuAtWarmupEnd = os.getProcessCpuTime();
            long measuredFrom = System.nanoTime();
            for (Thread t : threads) t.join();
            double seconds = (System.nanoTime() - measuredFrom) / 1e9;
            long attempts = ok.sum() - okAtWarmupEnd;
            System.out.printf("bare_rps=%.0f cpu_us=%.1f errors=%d%n", attempts / seconds,
                    (os.getProcessCpuTime() - cpuAtWarmupEnd) / 1e3 / Math.max(1, attempts), errors.sum());
        }
    }
}
