package dev.stampede.load;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.policy.PolicyGates;
import dev.stampede.policy.PolicySpec;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.scenario.Target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Runs one strategy of a scenario live: virtual-thread clients sending real HTTP to a fresh embedded
 * mock (or the scenario's URL target), the retry policy deciding every retry, every event recorded on a
 * {@link RunRecorder}. One run at a time per call; instances hold configuration only and are thread-safe.
 *
 * <p>The run offers load for the scenario's duration (a herd ends earlier when every client is done),
 * then stops: requests waiting to retry end as {@code deadline}, attempts on the wire get a drain grace
 * (at most {@link Settings#drainGrace}, never past their own timeout) and are abandoned after it. The
 * engine never draws the screen: a progress display polls the snapshot supplier handed to
 * {@link Hooks#onStart}.
 */
public final class LiveEngine {

    /** The timeline interval of live runs (DESIGN.md §4). */
    public static final long INTERVAL_NANOS = 1_000_000_000L;

    /**
     * @param bodyLimitBytes    response bodies longer than this end as {@code bodyTooLarge}
     * @param drainGrace        how long attempts still on the wire at the end may take to finish
     * @param cancelGrace       the same after a cancellation (Ctrl-C wants a prompt report)
     * @param cancelPoll        how often the run checks for cancellation
     * @param warmUp            longest warm-up before the first strategy ({@link #warmUp}); a tenth of the
     *                          scenario's duration when that is shorter
     */
    public record Settings(long bodyLimitBytes, Duration drainGrace, Duration cancelGrace, Duration cancelPoll,
                           Duration warmUp) {
        public static final Settings DEFAULT = new Settings(HttpTransport.DEFAULT_BODY_LIMIT_BYTES,
                Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofSeconds(2));
    }

    /** The most requests the warm-up holds in flight. */
    static final int WARM_UP_CONCURRENCY = 256;

    /** Sends once; never retries: the warm-up's policy. */
    private static final RetryPolicy NO_RETRY = new RetryPolicy() {
        @Override public String name() { return "warm-up"; }

        @Override public RetryState start() { return new RetryState(0, 0); }

        @Override public Decision decide(RetryState state, AttemptOutcome outcome, RandomGenerator rng, long nowNanos) {
            return outcome.isSuccess() ? Decision.SUCCEED : new Decision.GiveUp(FailureReason.NON_RETRYABLE);
        }
    };

    /**
     * Warms the JIT up before the first strategy, so that it does not pay for a cold JVM (on two cores the
     * compiler is still busy for many seconds, and a cold first run sheds load the later ones do not): the
     * scenario's load, without retries, against a fresh healthy embedded mock (never the real target), for
     * the warm-up time of the {@link Settings}; nothing is kept.
     */
    public void warmUp(Scenario scenario, BooleanSupplier cancelled) {
        long nanos = Math.min(settings.warmUp().toNanos(), scenario.duration().toNanos() / 10);
        if (nanos <= 0) return;
        ServerSpec s = scenario.server();
        ServerSpec healthy = new ServerSpec(s.model(), null, 0, 0, s.latency(), null, List.of());
        // At most WARM_UP_CONCURRENCY at once: enough for the JIT, and never near the open-files limit
        // (the warm-up mock is in-process: two sockets per request).
        LoadSpec load = switch (scenario.load()) {
            case LoadSpec.Open o -> new LoadSpec.Open(o.stages(), Math.min(o.maxInFlight(), WARM_UP_CONCURRENCY));
            case LoadSpec.Closed c -> new LoadSpec.Closed(Math.min(c.clients(), WARM_UP_CONCURRENCY), c.think());
            case LoadSpec.Herd h -> new LoadSpec.Closed(Math.min(h.clients(), WARM_UP_CONCURRENCY), Duration.ZERO);
        };
        Scenario warm = new Scenario(scenario.name(), scenario.description(), Duration.ofNanos(nanos), scenario.seed(),
                Target.EMBEDDED, scenario.request(), load, healthy, scenario.retry(), scenario.strategies(),
                List.of(), scenario.sim(), scenario.source(), scenario.sha256());
        run(warm, NO_RETRY, new Hooks(cancelled, Hooks.NONE.onStart()));
    }

    /**
     * What the caller learns and decides during a run.
     *
     * @param cancelled polled during the run; true ends it early with a partial result
     * @param onStart   called once the run starts, with the strategy's name, its planned length and a
     *                  supplier of live figures (cheap; safe from any thread)
     */
    public record Hooks(BooleanSupplier cancelled, StartListener onStart) {
        public static final Hooks NONE = new Hooks(() -> false, (name, plannedNanos, snapshots) -> {});
    }

    /** Told when a strategy's run starts. */
    @FunctionalInterface
    public interface StartListener {
        void started(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots);
    }

    private final EngineClock clock;
    private final InstantSource instants;
    private final EmbeddedServer.Factory mocks;
    private final Settings settings;

    public LiveEngine(EngineClock clock, InstantSource instants, EmbeddedServer.Factory mocks, Settings settings) {
        this.clock = clock;
        this.instants = instants;
        this.mocks = mocks;
        this.settings = settings;
    }

    /** The most requests the scenario may hold in flight at once: maxInFlight, or the client count. */
    public static int plannedConcurrency(LoadSpec load) {
        return switch (load) {
            case LoadSpec.Open o -> o.maxInFlight();
            case LoadSpec.Closed c -> c.clients();
            case LoadSpec.Herd h -> h.clients();
        };
    }

    /** What stops this scenario from running within the open-files limit, with the fix; empty when it fits. */
    public static Optional<String> resourceProblem(Scenario scenario, long openFilesLimit) {
        String what = scenario.load() instanceof LoadSpec.Open ? "load.maxInFlight" : "load.clients";
        return OpenFilesLimit.problem(plannedConcurrency(scenario.load()), what,
                scenario.target() instanceof Target.Embedded, openFilesLimit);
    }

    /**
     * Runs {@code policy} (a fresh instance: budgets and breakers start full) against the scenario.
     *
     * @throws UncheckedIOException when the embedded mock cannot start
     * @throws IllegalArgumentException when the request cannot be built (the message never holds a header value)
     */
    public RunResult run(Scenario scenario, RetryPolicy policy, Hooks hooks) {
        EmbeddedServer mock = null;
        try {
            URI base;
            if (scenario.target() instanceof Target.Url url) {
                base = url.baseUrl();
            } else {
                mock = mocks.start(scenario.server(), scenario.seed());
                base = mock.baseUrl();
            }
            return run(scenario, policy, hooks, base, mock);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded mock could not start: " + e.getMessage(), e);
        } finally {
            if (mock != null) mock.close();
        }
    }

    private RunResult run(Scenario scenario, RetryPolicy policy, Hooks hooks, URI base, EmbeddedServer mock) {
        long durationNanos = scenario.duration().toNanos();
        long attemptTimeoutNanos = scenario.request().timeout().toNanos();
        List<PhaseSpec> phases = mock == null ? List.of() : scenario.server().phases();
        double targetRate = scenario.load() instanceof LoadSpec.Open o ? ArrivalSchedule.meanRatePerSecond(o, durationNanos) : 0;
        RunRecorder recorder = new RunRecorder(new RunRecorder.Config(policy.name(), INTERVAL_NANOS, phases,
                !(scenario.load() instanceof LoadSpec.Open), targetRate, scenario.load() instanceof LoadSpec.Herd));
        LoadDriver driver = switch (scenario.load()) {
            case LoadSpec.Open o -> new OpenLoad(o, durationNanos);
            case LoadSpec.Closed c -> new ClosedLoad(c);
            case LoadSpec.Herd h -> new HerdLoad(h);
        };
        RandomGenerator.SplittableGenerator random = clientRandom(scenario.seed());

        try (HttpTransport transport = new HttpTransport(join(base, scenario.request().path()), scenario.request(),
                settings.bodyLimitBytes(), instants);
             ExecutorService clientThreads = Executors.newThreadPerTaskExecutor(
                     Thread.ofVirtual().name("stampede-client-", 0).factory())) {
            if (mock != null) mock.restartClock();
            RunTiming timing = new RunTiming(clock);
            LogicalRequest request = new LogicalRequest(timing, transport, policy, recorder, attemptTimeoutNanos);
            hooks.onStart().started(policy.name(), durationNanos, () -> recorder.snapshot(timing.elapsedNanos()));
            driver.start(new LoadDriver.Context(timing, request, recorder, clientThreads, random, gates(scenario, base)));

            boolean cancelled = awaitEnd(timing, driver, durationNanos, hooks.cancelled());
            long stopNanos = timing.elapsedNanos();
            timing.stop().stop();
            drain(driver, clientThreads, cancelled ? settings.cancelGrace() : settings.drainGrace(), attemptTimeoutNanos);
            ServerView server = mock == null ? null : mock.view(INTERVAL_NANOS);
            // The run's length is the time load was offered: the achieved rate is arrivals over it. Events
            // of the drain fall after it and are still counted (the recorder keeps late events).
            return recorder.finish(stopNanos, server, cancelled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + policy.name(), e);
        }
    }

    /**
     * The scenario's retry budget and circuit breaker as {@code policy.PolicyGates}, fresh for this run, or
     * {@code null} when it has neither. The open model has no client identity: its arrivals share one set.
     */
    static PolicyGates gates(Scenario scenario, URI base) {
        PolicySpec spec = PolicySpec.from(scenario.retry());
        if (spec.budget() == null && spec.breaker() == null) return null;
        return PolicyGates.forRun(spec, base.toString());
    }

    /** Waits for the duration, a finished workload or a cancellation; true when cancelled. */
    private boolean awaitEnd(RunTiming timing, LoadDriver driver, long durationNanos, BooleanSupplier cancelled)
            throws InterruptedException {
        long pollNanos = settings.cancelPoll().toNanos();
        StopSignal never = new StopSignal();
        while (true) {
            if (cancelled.getAsBoolean()) return true;
            if (driver.done()) return false;
            long leftNanos = durationNanos - timing.elapsedNanos();
            if (leftNanos <= 0) return false;
            clock.awaitUntil(clock.nanoTime() + Math.min(leftNanos, pollNanos), never);
        }
    }

    private static void drain(LoadDriver driver, ExecutorService clientThreads, Duration grace, long attemptTimeoutNanos)
            throws InterruptedException {
        driver.awaitStopped();
        clientThreads.shutdown();
        long graceNanos = Math.min(grace.toNanos(), attemptTimeoutNanos);
        if (!clientThreads.awaitTermination(graceNanos, TimeUnit.NANOSECONDS)) {
            clientThreads.shutdownNow();  // interrupts: abandoned attempts are recorded as timeouts
            if (!clientThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("client threads did not stop within 10 s of the run's end");
            }
        }
    }

    /** The clients' random source: its own stream of the scenario's seed (the mock draws from another). */
    static RandomGenerator.SplittableGenerator clientRandom(long seed) {
        return RandomGeneratorFactory.<RandomGenerator.SplittableGenerator>of("L64X128MixRandom")
                .create(seed ^ 0x5DEECE66DL);
    }

    /** {@code base} with {@code path} appended: {@code http://h/api} + {@code /v1/x} = {@code http://h/api/v1/x}. */
    static URI join(URI base, String path) {
        String b = base.toString();
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b + (path.startsWith("/") ? path : "/" + path));
    }
}
