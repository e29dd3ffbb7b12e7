// Beside scripts/bench/BareLoop.java: the same loop through stampede's own transport (dev.stampede.load.HttpTransport:
// its request, body reader and attempt deadlines) and nothing else of stampede's, to tell the transport's cost from
// the engine's. N virtual threads send back to back; prints attempts/s in the measured window and the process's CPU
// time per attempt.
// Usage: java -cp target/stampede.jar scripts/bench/TransportLoop.java URL CONCURRENCY WARMUP_SECONDS MEASURE_SECONDS
// (with nginx-static.sh's endpoint, as engine-vs-wrk.sh starts it). Prints: transport_rps=<n> cpu_us=<per attempt>

import dev.stampede.load.HttpTransport;
import dev.stampede.scenario.RequestSpec;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

public class TransportLoop {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        long warmupNanos = Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        long measureNanos = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        RequestSpec spec = new RequestSpec("GET", url.getPath(), List.of(), "", Duration.ofSeconds(10));
        try (HttpTransport transport = new HttpTransport(url, spec, HttpTransport.DEFAULT_BODY_LIMIT_BYTES, InstantSource.system())) {
            LongAdder ok = new LongAdder();
            long timeoutNanos = Duration.ofSeconds(10).toNanos();
            long endNanos = System.nanoTime() + warmupNanos + measureNanos;
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < endNanos) {
                        try {
                            if (transport.send(timeoutNanos).isSuccess()) ok.increment();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(Duration.ofNanos(warmupNanos));
            long okAtWarmupEnd = ok.sum();
            long cpuAtWarmupEnd = os.getProcessCpuTime();
            long measuredFrom = System.nanoTime();
            for (Thread t : threads) t.join();
            double seconds = (System.nanoTime() - measuredFrom) / 1e9;
            long attempts = ok.sum() - okAtWarmupEnd;
            System.out.printf("transport_rps=%.0f cpu_us=%.1f%n", attempts / seconds,
                    (os.getProcessCpuTime() - cpuAtWarmupEnd) / 1e3 / Math.max(1, attempts));
        }
    }
}
