package dev.stampede.cli;

import dev.stampede.exposition.MetricsEndpoint;
import dev.stampede.exposition.MockMetrics;
import dev.stampede.metrics.ServerView;
import dev.stampede.scenario.Durations;
import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.scenario.Target;
import dev.stampede.server.MockServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = MockCommand.NAME, mixinStandardHelpOptions = true, description = MockCommand.DESCRIPTION)
public final class MockCommand implements Callable<Integer> {

    /** Its name and description, also read by the root's help without loading this class ({@link StampedeCommand}). */
    static final String NAME = "mock";
    static final String DESCRIPTION = "Run the embedded overload mock as a standalone server.";

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "Scenario whose server: section to serve.")
    Path scenario;

    @Option(names = "--port", defaultValue = "8529", description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after this long (default: until Ctrl-C).")
    String duration;

    @Option(names = "--capacity", paramLabel = "R", description = "Without a scenario: admitted per second (e.g. 500/s).")
    String capacity;

    @Option(names = "--overload", paramLabel = "P", description = "Without a scenario: forced-529 probability in [0,1].")
    Double overload;

    @Option(names = "--retry-after", paramLabel = "D", description = "Without a scenario: Retry-After on 529s.")
    String retryAfter;

    @Option(names = "--latency", paramLabel = "D", description = "Without a scenario: fixed service time of admitted requests (0s for none). Default: 20ms.")
    String latency;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the mock's random choices (a scenario's own seed wins). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    MetricsOptions metrics;

    @Spec
    CommandSpec spec;

    /** How often the phase watcher looks at the clock at least (it also wakes at each phase boundary). */
    private static final long WATCH_NANOS = 200_000_000L;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) throw new UserException("--port must be in 0..65535 (0: any free port), got " + port);
        Duration stopAfter = duration == null ? null : parseDuration("--duration", duration);
        if (stopAfter != null && stopAfter.isZero()) throw new UserException("--duration must be > 0, got " + duration);

        Served served = scenario == null ? new Served(healthySpec(), seed, "options") : fromScenario();

        MetricsEndpoint endpoint = metrics.open(spec.commandLine().getErr()); // binds before the mock serves, or exit 2
        MockServer server;
        try {
            server = MockServer.start(served.spec(), host, port, served.seed());
        } catch (UncheckedIOException e) {
            if (endpoint != null) endpoint.close();
            throw new UserException(e.getMessage() + " (choose another --port, or --port 0 for any free one)", e);
        }
        if (endpoint != null) endpoint.add(new MockMetrics(server::totals, server::inService, server::queued));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS); // let the main thread close the server and print the summary
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stampede-mock-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            printBanner(out, server, served, stopAfter);
            server.restartClock(); // phase 1 begins when the URL is announced, not when the JVM got round to it
            watchPhases(out, server, stop, stopAfter == null ? Long.MAX_VALUE : System.nanoTime() + stopAfter.toNanos());
        } finally {
            ServerView total = server.view(1_000_000_000L);
            long ranNanos = server.elapsedNanos();
            server.close();
            out.printf(Locale.ROOT, "stopped after %s (since the last clock restart): received %d, admitted %d, shed %d, "
                            + "forced 529 %d, errors %s, resets %d, hangs %d%n",
                    Durations.format(Duration.ofMillis(ranNanos / 1_000_000)), total.received(), total.admitted(),
                    total.shed(), total.forced529(), total.errors(), total.resets(), total.hangs());
            out.flush();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
            if (endpoint != null) {
                metrics.linger(endpoint, spec.commandLine().getErr()); // after --duration; Ctrl-C ends it
                endpoint.close();
            }
        }
        return ExitCode.OK;
    }

    /** What to serve and with which seed, and where it came from. */
    record Served(ServerSpec spec, long seed, String source) {}

    /** @throws ScenarioException every problem of the file (the root prints each one; exit 2) */
    private Served fromScenario() throws ScenarioException {
        if (capacity != null || overload != null || retryAfter != null || latency != null) {
            throw new UserException("--capacity, --overload, --retry-after and --latency apply only without a scenario; "
                    + "change the server: section of " + scenario + " instead");
        }
        Scenario loaded;
        try {
            loaded = ScenarioLoader.load(scenario, ValidateCommand.KNOWN_STRATEGIES, System.getenv());
        } catch (NoSuchFileException e) {
            throw new UserException(scenario + ": no such file");
        } catch (IOException e) {
            throw new UserException(scenario + ": cannot read: " + e.getMessage(), e);
        }
        if (!(loaded.target() instanceof Target.Embedded)) {
            spec.commandLine().getErr().println("stampede mock: note: " + scenario + " targets " + loaded.target()
                    + "; serving its server: section anyway");
        }
        if (loaded.server().model() == ServerSpec.Model.OCC) {
            throw new UserException(scenario + ": server.model occ (one optimistic-concurrency record) runs only in "
                    + "'stampede sim'; the mock serves the capacity model");
        }
        return new Served(loaded.server(), loaded.seed(), scenario.toString());
    }

    /** The server the options describe: healthy and unlimited unless --capacity, --overload, --retry-after or --latency say otherwise. */
    ServerSpec healthySpec() {
        Rate rate = null;
        if (capacity != null) {
            try {
                rate = capacity.trim().matches("\\d+(\\.\\d+)?") ? new Rate(Double.parseDouble(capacity.trim())) : Rate.parse(capacity);
            } catch (IllegalArgumentException e) {
                throw new UserException("--capacity: " + e.getMessage());
            }
            if (rate.perSecond() <= 0) throw new UserException("--capacity must be > 0 (omit it for unlimited), got " + capacity);
        }
        double forced = overload == null ? 0 : overload;
        if (!(forced >= 0 && forced <= 1)) {
            throw new UserException("--overload is a probability and must be in [0,1] (0.03 = 30 per 1000), got " + overload);
        }
        Duration hint = retryAfter == null ? null : parseDuration("--retry-after", retryAfter);
        LatencySpec service = latency == null ? ServerSpec.DEFAULT_LATENCY
                : new LatencySpec.Fixed(parseDuration("--latency", latency));
        PhaseSpec only = new PhaseSpec(Duration.ZERO, forced, 1, hint, Map.of(), 0, 0, 1);
        return new ServerSpec(ServerSpec.Model.CAPACITY, rate, ServerSpec.defaultBurst(rate), 0, service, hint, List.of(only));
    }

    private static Duration parseDuration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }

    private static void printBanner(PrintWriter out, MockServer server, Served served, Duration stopAfter) {
        ServerSpec s = served.spec();
        out.println("stampede mock listening on " + server.baseUrl() + "  (server from " + served.source() + ", seed " + served.seed() + ")");
        out.println("  any path and method is served by the model; stats: GET " + server.baseUrl() + "/__stampede/stats"
                + ", restart: POST " + server.baseUrl() + "/__stampede/reset");
        out.println("  " + describe(s));
        out.println("phases:");
        for (int i = 0; i < s.phases().size(); i++) {
            PhaseSpec p = s.phases().get(i);
            out.printf(Locale.ROOT, "  %d. from %-6s %s%n", i + 1, Durations.format(p.at()), describe(p));
        }
        out.println(stopAfter == null ? "Stop with Ctrl-C." : "Stops after " + Durations.format(stopAfter) + " (or Ctrl-C).");
        out.flush();
    }

    /** Logs each phase change as it happens (and clock restarts) until {@code stop} or the deadline. */
    private static void watchPhases(PrintWriter out, MockServer server, CountDownLatch stop, long deadline)
            throws InterruptedException {
        List<PhaseSpec> phases = server.spec().phases();
        int shown = -1;
        long lastElapsed = -1;
        while (true) {
            long elapsed = server.elapsedNanos();
            if (elapsed < lastElapsed) {
                out.println("[" + seconds(elapsed) + "] phase clock restarted");
                shown = -1;
            }
            lastElapsed = elapsed;
            int index = phases.indexOf(server.spec().phaseAt(elapsed));
            if (index != shown) {
                out.printf(Locale.ROOT, "[%s] phase %d/%d: %s%n", seconds(elapsed), index + 1, phases.size(), describe(phases.get(index)));
                out.flush();
                shown = index;
            }
            long now = System.nanoTime();
            if (now >= deadline) return;
            long wait = Math.min(WATCH_NANOS, deadline - now);
            if (index + 1 < phases.size()) wait = Math.min(wait, Math.max(1, phases.get(index + 1).at().toNanos() - elapsed));
            if (stop.await(wait, TimeUnit.NANOSECONDS)) return;
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%8.3fs", nanos / 1e9);
    }

    static String describe(ServerSpec s) {
        String cap = s.capacity() == null ? "capacity unlimited" : "capacity " + s.capacity() + " (burst " + Math.max(1, s.burst()) + ")";
        String conc = s.concurrency() == 0 ? "concurrency unlimited" : "concurrency " + s.concurrency();
        String ra = s.overloadedRetryAfter() == null ? "none" : s.overloadedRetryAfterUpTo() != null
                ? "uniform " + Durations.format(s.overloadedRetryAfter()) + " to " + Durations.format(s.overloadedRetryAfterUpTo())
                : Durations.format(s.overloadedRetryAfter());
        return cap + ", " + conc + ", latency " + describe(s.latency()) + ", Retry-After on shed 529s: " + ra
                + (s.idempotency() ? ", honours idempotency keys in " + s.keyHeader() : "");
    }

    static String describe(LatencySpec l) {
        return switch (l) {
            case LatencySpec.Fixed f -> "fixed " + Durations.format(f.value());
            case LatencySpec.Uniform u -> "uniform " + Durations.format(u.min()) + ".." + Durations.format(u.max());
            case LatencySpec.Exponential e -> "exponential mean " + Durations.format(e.mean());
            case LatencySpec.LogNormal n -> "lognormal p50 " + Durations.format(n.p50()) + " p99 " + Durations.format(n.p99());
            case LatencySpec.Sized z -> describe(z.base()) + " + " + Durations.format(z.perKiB()) + " per KiB of request body";
        };
    }

    static String describe(PhaseSpec p) {
        List<String> parts = new ArrayList<>();
        if (p.overload() > 0) parts.add("forced 529 " + p.overload());
        if (p.capacityFactor() != 1) parts.add("capacity x" + p.capacityFactor());
        if (p.latencyFactor() != 1) parts.add("latency x" + p.latencyFactor());
        PhaseSpec.Hints h = p.hints();
        if (h.equals(PhaseSpec.Hints.DEFAULT)) {
            if (p.retryAfter() != null) parts.add("Retry-After " + Durations.format(p.retryAfter())
                    + (p.retryAfterUpTo() == null ? "" : " to " + Durations.format(p.retryAfterUpTo()) + " (one draw per answer)") + " on every 529");
        } else {
            List<String> sent = new ArrayList<>();
            if (p.retryAfter() != null) sent.add("Retry-After " + Durations.format(p.retryAfter())
                    + (p.retryAfterUpTo() == null ? "" : " to " + Durations.format(p.retryAfterUpTo())) + (h.retryAfterAsDate() ? " as a date" : ""));
            if (h.retryAfterMs() != null) sent.add("retry-after-ms " + Durations.format(h.retryAfterMs()));
            if (h.shouldRetry() != null) sent.add("x-should-retry " + h.shouldRetry());
            if (!sent.isEmpty()) {
                parts.add(String.join(", ", sent) + " on every " + String.join("/", h.on().stream().sorted().map(String::valueOf).toList()));
            }
        }
        p.errors().forEach((status, prob) -> parts.add(status + " " + prob));
        if (p.reset() > 0) parts.add("reset " + p.reset());
        if (p.hang() > 0) parts.add("hang " + p.hang());
        if (p.abort() > 0) parts.add("abort in-flight " + p.abort() + " at the start");
        return parts.isEmpty() ? "healthy" : String.join(", ", parts);
    }
}
