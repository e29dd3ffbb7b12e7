// Drives stampede's `sdk` strategy against the routes of mock.yaml as the live engine does (HttpTransport
// sends, the sdk RetryPolicy decides, the request waits the decided delay), one behaviour after another:
// N requests per behaviour, request i starting i/N s after the first. It records, per request, the attempts
// and the delay the policy decided before each retry. The retry spec is the scenario default without
// maxAttempts, as a scenario that does not set it gets.
// Usage: java -cp target/stampede.jar:CLASSES StampedeSdkRow BASE_URL N PREFIX...
// Prints one JSON line per behaviour: {"behaviour","attempts":[per request],"delays":[[ms before retry k+1]...]}

import dev.stampede.load.HttpTransport;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.RequestSpec;
import dev.stampede.scenario.RetrySpec;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

public class StampedeSdkRow {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        RetryPolicy sdk = Strategies.policy("sdk", RetrySpec.DEFAULT);
        for (int b = 2; b < args.length; b++) {
            String prefix = args[b];
            RequestSpec spec = new RequestSpec("POST", prefix + "/v1/messages", List.of(),
                    "{\"model\":\"stampede-mock\",\"max_tokens\":8}", Duration.ofSeconds(10));
            long timeoutNanos = spec.timeout().toNanos();
            int[] attempts = new int[n];
            List<List<Double>> delays = new ArrayList<>();
            for (int i = 0; i < n; i++) delays.add(new ArrayList<>());
            try (HttpTransport transport = new HttpTransport(URI.create(base + prefix + "/v1/messages"), spec,
                    HttpTransport.DEFAULT_BODY_LIMIT_BYTES, InstantSource.system())) {
                long origin = System.nanoTime();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int id = i;
                    threads.add(Thread.ofVirtual().start(() -> {
                        SplittableRandom rng = new SplittableRandom(1000 + id);
                        LockSupport.parkNanos(origin + id * 1_000_000_000L / n - System.nanoTime());
                        RetryPolicy.RetryState state = sdk.start();
                        while (true) {
                            attempts[id]++;
                            AttemptOutcome outcome;
                            try {
                                outcome = transport.send(timeoutNanos);
                            } catch (InterruptedException e) {
                                return;
                            }
                            if (!(sdk.decide(state, outcome, rng, System.nanoTime()) instanceof RetryPolicy.Decision.Retry r)) return;
                            delays.get(id).add(r.delayNanos() / 1e6);
                            long wakeAt = System.nanoTime() + r.delayNanos();
                            for (long left; (left = wakeAt - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
                            state = r.next();
                        }
                    }));
                }
                for (Thread t : threads) t.join();
            }
            List<List<Double>> byRetry = new ArrayList<>();
            for (List<Double> d : delays) {
                for (int k = 0; k < d.size(); k++) {
                    while (byRetry.size() <= k) byRetry.add(new ArrayList<>());
                    byRetry.get(k).add(d.get(k));
                }
            }
            String attemptsJson = java.util.Arrays.stream(attempts).mapToObj(Integer::toString).collect(Collectors.joining(","));
            String delayJson = byRetry.stream().map(g -> g.stream().map(d -> String.format(Locale.ROOT, "%.3f", d))
                    .collect(Collectors.joining(",", "[", "]"))).collect(Collectors.joining(",", "[", "]"));
            System.out.println("{\"behaviour\":\"" + prefix.replaceFirst("^/[a-z]-", "") + "\",\"attempts\":["
                    + attemptsJson + "],\"delays\":" + delayJson + "}");
        }
    }
}
