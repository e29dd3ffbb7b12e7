// The live half of scripts/bench/deep-queue.sh: opens N requests at once to a `stampede mock` whose workers are
// all busy for a minute, so the requests wait in its queue; reads /__stampede/stats until it reports N in service
// or waiting (at most 60 s), then checks that none of the N requests failed meanwhile. Loopback only; bounded.
// Usage: java WaitingClients.java BASE_URL N
// Prints: waiting=<queued> inService=<n> failed=<requests that ended with an error before the check>; exit 1 on failure.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class WaitingClients {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        LongAdder failed = new LongAdder();
        LongAdder answered = new LongAdder();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            // one connection per waiting request: HTTP/1.1 has no multiplexing; several clients keep pools small
            HttpClient[] clients = new HttpClient[16];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                        .connectTimeout(Duration.ofSeconds(30)).build();
            }
            HttpRequest wait = HttpRequest.newBuilder(URI.create(base + "/v1/messages")).timeout(Duration.ofSeconds(300)).GET().build();
            for (int i = 0; i < n; i++) {
                HttpClient c = clients[i % clients.length];
                executor.submit(() -> {
                    try {
                        c.send(wait, HttpResponse.BodyHandlers.discarding());
                        answered.increment();
                    } catch (Exception e) {
                        failed.increment();
                    }
                });
            }
            HttpClient probe = HttpClient.newHttpClient();
            HttpRequest stats = HttpRequest.newBuilder(URI.create(base + "/__stampede/stats")).timeout(Duration.ofSeconds(10)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long queued = 0, inService = 0;
            while (System.nanoTime() < deadline) {
                String body = probe.send(stats, HttpResponse.BodyHandlers.ofString()).body();
                queued = number(body, "queued");
                inService = number(body, "inService");
                if (queued + inService >= n || failed.sum() > 0) break;
                Thread.sleep(500);
            }
            System.out.printf("waiting=%d inService=%d failed=%d answered=%d%n", queued, inService, failed.sum(), answered.sum());
            boolean ok = queued + inService >= n && failed.sum() == 0;
            System.exit(ok ? 0 : 1); // the mock is stopped by the script; the waiting requests end with it
        }
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
