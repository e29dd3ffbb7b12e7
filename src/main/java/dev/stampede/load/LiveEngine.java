package dev.stampede.load;

import dev.stampede.lifecycle.Horizon;
import dev.stampede.lifecycle.Lifecycle;
import dev.stampede.scenario.ArrivalSchedule;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.policy.BlockingConcurrencyLimiter;
import dev.stampede.policy.PolicyGates;
import dev.stampede.policy.PolicySpec;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.PolicyDef;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.RequestDraws;
import dev.stampede.scenario.RequestMix;
import dev.stampede.scenario.RequestSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.scenario.Target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Runs one strategy of a scenario live: virtual-thread clients sending real HTTP to a fresh embedded
 * mock (or the scenario's URL target), the retry policy deciding every retry, every event recorded on a
 * {@link RunRecorder}. One run at a time per call; instances hold configuration only and are thread-safe.
 *
 * <p>The run offers load for the scenario's duration (a herd ends earlier when every client is done);
 * then no request starts, and the requests in progress keep retrying and falling back during the scenario's
 * {@code gracefulStop} (until they all end, or it passes). Then the run stops: requests waiting to retry end as
 * {@code unfinished} (as {@code interrupted} after a cancellation), attempts on the wire get a drain grace (at most
 * {@link Settings#drainGrace}, never past their own timeout) and are abandoned after it. The
 * engine never draws the screen: a progress display polls the snapshot supplier handed to
 * {@link Hooks#onStart}.
 */
public final class LiveEngine {

    /** The timeline interval of live runs (docs/metrics.md). */
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
        /**
         * At the end of a run, attempts on the wire may finish within their own timeout, up to this (k6's
         * gracefulStop default): cutting them short would count the run's end as user-facing failures, which
         * the simulator, whose attempts always finish, does not.
         */
        public static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);

        public static final Settings DEFAULT = new Settings(HttpTransport.DEFAULT_BODY_LIMIT_BYTES,
                GRACEFUL_STOP, Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofSeconds(2));
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
     * compiler is still busy for many seconds, and a cold first run sheds load the later ones do not), as an unaligned
     * run does: {@link #warmUpPlan} with {@code aligned} false.
     */
    public void warmUp(Scenario scenario, BooleanSupplier cancelled) {
        warmUp(scenario, false, cancelled);
    }

    /**
     * Warms the JIT up before the first strategy: {@link #warmUpPlan}'s load against a fresh embedded mock of its own
     * (never the real target), for the warm-up time of the {@link Settings}; nothing is kept or reported.
     *
     * @param aligned true for a run with {@code --start-at} (docs/engine.md, "Before and after each run")
     */
    public void warmUp(Scenario scenario, boolean aligned, BooleanSupplier cancelled) {
        long nanos = warmUpNanos(scenario);
        if (nanos <= 0) return;
        WarmUpPlan plan = warmUpPlan(scenario, aligned);
        Scenario warm = new Scenario(scenario.name(), scenario.description(), Duration.ofNanos(nanos), scenario.seed(),
                Target.EMBEDDED, scenario.request(), plan.load(), plan.server(), scenario.retry(), scenario.strategies(),
                List.of(), scenario.sim(), scenario.source(), scenario.sha256(), Map.of(), List.of(), Duration.ZERO,
                scenario.client(), scenario.mix());
        run(warm, plan.policy(), new Hooks(cancelled, Hooks.NONE.onStart()));
    }

    /**
     * What the warm-up sends, to which mock, with which policy.
     *
     * @param load   the warm-up's load (at most {@link #WARM_UP_CONCURRENCY} in flight)
     * @param server the warm-up's embedded mock
     * @param policy how the warm-up retries
     */
    public record WarmUpPlan(LoadSpec load, ServerSpec server, RetryPolicy policy) {}

    /**
     * The share of an aligned warm-up's requests its mock answers 529: its capacity is the rest of the warm-up's rate,
     * so that the 529 answers, the retry decisions and the backoff waits are compiled before the start, not during
     * the scenario's first overload.
     */
    public static final double ALIGNED_WARM_UP_SHED = 0.5;

    /**
     * The warm-up of {@code scenario}. Unaligned (a plain run, whose warm-up is part of its own time): the scenario's
     * own load without retries, against a healthy mock; an open load at one pace, its highest stage rate (a shard's: its
     * share), so that the JIT is warm for the rate the run asks, not for a ramp's first seconds. Aligned ({@code
     * --start-at}: the shards warm up together, in the idle time before the common start): an open load warms up on
     * the whole scenario's highest stage rate (a shard's rate times the shard count) at one pace, not a shard's share
     * of the first seconds, against a mock that sheds {@link #ALIGNED_WARM_UP_SHED} of it with 529, retried by the
     * first row's strategy. Closed and herd loads warm up as unaligned ones do (their rate is not known beforehand, so
     * no capacity sheds a known share of it).
     */
    public static WarmUpPlan warmUpPlan(Scenario scenario, boolean aligned) {
        ServerSpec s = scenario.server();
        ServerSpec healthy = new ServerSpec(s.model(), null, 0, 0, s.latency(), null, List.of());
        // At most WARM_UP_CONCURRENCY at once: enough for the JIT, and never near the open-files limit
        // (the warm-up mock is in-process: two sockets per request).
        if (aligned && scenario.load() instanceof LoadSpec.Open o) {
            double perSecond = peakPerSecond(o) * o.shardCount();
            LoadSpec.Open whole = new LoadSpec.Open(List.of(new LoadSpec.Stage(scenario.duration(), new Rate(perSecond))),
                    (int) Math.min((long) o.maxInFlight() * o.shardCount(), WARM_UP_CONCURRENCY),
                    o.arrivals());
            Rate capacity = new Rate(perSecond * (1 - ALIGNED_WARM_UP_SHED));
            ServerSpec shedding = new ServerSpec(ServerSpec.Model.CAPACITY, capacity, ServerSpec.defaultBurst(capacity), 0,
                    s.latency(), s.overloadedRetryAfter(), List.of());
            PolicyDef first = scenario.policy(scenario.rows().getFirst());
            return new WarmUpPlan(whole, shedding, Strategies.policy(first.strategy(), first.retry()));
        }
        LoadSpec load = switch (scenario.load()) {
            // the peak rate from the start: a ramp's first seconds would leave the JIT warm for a rate far below it
            case LoadSpec.Open o -> o.with(List.of(new LoadSpec.Stage(scenario.duration(), new Rate(peakPerSecond(o)))),
                    Math.min(o.maxInFlight(), WARM_UP_CONCURRENCY));
            case LoadSpec.Closed c -> new LoadSpec.Closed(Math.min(c.clients(), WARM_UP_CONCURRENCY), c.think());
            case LoadSpec.Herd h -> new LoadSpec.Closed(Math.min(h.clients(), WARM_UP_CONCURRENCY), Duration.ZERO);
        };
        return new WarmUpPlan(load, healthy, NO_RETRY);
    }

    /** The highest stage rate of an open load (a shard's: its share), per second. */
    private static double peakPerSecond(LoadSpec.Open o) {
        return o.stages().stream().mapToDouble(st -> st.rate().perSecond()).max().orElseThrow();
    }

    /** How long {@link #warmUp} runs for this scenario: the settings' warm-up, at most a tenth of the duration. */
    public long warmUpNanos(Scenario scenario) {
        return Math.min(settings.warmUp().toNanos(), scenario.duration().toNanos() / 10);
    }

    /**
     * The longest the end of a run may take after its duration, in two parts: the scenario's graceful stop plus the
     * drain grace (never past the attempt timeout), and the forced stop after it (at most 2 × {@link #STOP_WAIT}).
     * Aligned runs size their slots with it.
     *
     * @return {graceNanos, forcedStopNanos}
     */
    public long[] endNanos(Scenario scenario) {
        return new long[] {scenario.gracefulStop().toNanos()
                + Math.min(settings.drainGrace().toNanos(), scenario.mix().longestTimeout().toNanos()),
                2 * STOP_WAIT.toNanos()};
    }

    /**
     * What the caller learns and decides during a run.
     *
     * @param cancelled polled during the run; true ends it early with a partial result
     * @param onStart   called once the run starts, with the strategy's name, its planned length and a
     *                  supplier of live figures (cheap; safe from any thread)
     * @param trace     told every step of every request's lifecycle, from its client thread
     * @param onRecorders called once the run's recorders exist (one per row), before load starts: a live exporter
     *                  reads them when scraped (the warm-up's are never handed out)
     */
    public record Hooks(BooleanSupplier cancelled, StartListener onStart, Lifecycle.Trace trace,
                        Consumer<List<RunRecorder>> onRecorders) {
        public static final Hooks NONE = new Hooks(() -> false, (name, plannedNanos, snapshots) -> {});

        /** Hooks that trace nothing and export nothing. */
        public Hooks(BooleanSupplier cancelled, StartListener onStart) {
            this(cancelled, onStart, Lifecycle.Trace.NONE, recorders -> {});
        }

        /** Hooks that trace every step and export nothing. */
        public Hooks(BooleanSupplier cancelled, StartListener onStart, Lifecycle.Trace trace) {
            this(cancelled, onStart, trace, recorders -> {});
        }
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

    /**
     * The most connections a run of the scenario holds at once: its connection limit ({@link
     * dev.stampede.scenario.ClientSpec#connectionsFor}) when that is below its concurrency, else one per request in
     * flight ({@link #plannedConcurrency}).
     */
    public static int plannedConnections(Scenario scenario) {
        int concurrency = plannedConcurrency(scenario.load());
        int limit = scenario.client().connectionsFor(scenario.load());
        return limit > 0 ? Math.min(limit, concurrency) : concurrency;
    }

    /**
     * What stops this scenario from running within the open-files limit, with the fix; empty when it fits. It counts
     * connections, not clients: with a connection limit below the concurrency, the limit.
     */
    public static Optional<String> resourceProblem(Scenario scenario, long openFilesLimit) {
        int concurrency = plannedConcurrency(scenario.load());
        int connections = plannedConnections(scenario);
        String what = connections < concurrency ? "client.connections"
                : scenario.load() instanceof LoadSpec.Open ? "load.maxInFlight" : "load.clients";
        return OpenFilesLimit.problem(connections, what, scenario.target() instanceof Target.Embedded, openFilesLimit);
    }

    /**
     * Runs {@code policy} (a fresh instance: budgets and breakers start full) against the scenario.
     *
     * @throws UncheckedIOException when the embedded mock cannot start
     * @throws IllegalArgumentException when the request cannot be built (the message never holds a header value)
     */
    public RunResult run(Scenario scenario, RetryPolicy policy, Hooks hooks) {
        return againstTarget(scenario, (base, mock) -> run(scenario, policy, hooks, base, mock));
    }

    /**
     * Runs one report row of the scenario ({@link Scenario#policy}: a named policy with its budget, throttle,
     * breaker, concurrency limit, fallback chain and quality gate, or a bare strategy), named after the row.
     *
     * @throws UncheckedIOException when the embedded mock cannot start
     * @throws IllegalArgumentException when the row's strategy is unknown or the request cannot be built
     */
    public RunResult run(Scenario scenario, PolicyDef row, Hooks hooks) {
        return runPopulations(scenario, List.of(population(row, scenario.load(), scenario.mix())), hooks).getFirst();
    }

    /**
     * Runs a mixed scenario ({@code population:}) as one run: every population's clients at once against one
     * server (one embedded mock), each recorded as its own row; the results in the populations' order. The rows
     * carry no server view (the shared server's counts belong to no single row).
     *
     * @throws IllegalStateException when the scenario has no populations
     */
    public List<RunResult> runMixed(Scenario scenario, Hooks hooks) {
        if (!scenario.isMixed()) throw new IllegalStateException("scenario " + scenario.name() + " has no population:");
        List<Population> pops = new ArrayList<>();
        for (int i = 0; i < scenario.population().size(); i++) {
            pops.add(population(scenario.policy(scenario.population().get(i).policy()), scenario.populationLoad(i), scenario.mix()));
        }
        return runPopulations(scenario, pops, hooks);
    }

    /** One population of a run: its row name, backoff, gates, pause before a fallback tier and share of the load. */
    private record Population(String name, RetryPolicy policy, PolicySpec spec, long fallbackPauseNanos, LoadSpec load,
                              List<RetryPolicy> templatePolicies, List<PolicyDef.Cost> prices,
                              dev.stampede.lifecycle.WorkQueue.Plan workQueue) {
        Population(String name, RetryPolicy policy, PolicySpec spec, long fallbackPauseNanos, LoadSpec load) {
            this(name, policy, spec, fallbackPauseNanos, load, null, List.of(), null);
        }
    }

    private static Population population(PolicyDef row, LoadSpec load, RequestMix mix) {
        return new Population(row.name(), Strategies.forRow(row), PolicySpec.from(row),
                row.fallbackPause().toNanos(), load, Strategies.templatePolicies(row, mix), row.prices(),
                dev.stampede.lifecycle.WorkQueue.Plan.of(row));
    }

    private List<RunResult> runPopulations(Scenario scenario, List<Population> pops, Hooks hooks) {
        return againstTarget(scenario, (base, mock) -> runPopulations(scenario, pops, hooks, base, mock));
    }

    /** A run against a base URL, with the embedded mock behind it or {@code null} for a URL target. */
    private interface TargetRun<T> {
        T run(URI base, EmbeddedServer mock);
    }

    /** Starts a fresh embedded mock (unless the scenario targets a URL), runs {@code run} against it, then stops it. */
    private <T> T againstTarget(Scenario scenario, TargetRun<T> run) {
        EmbeddedServer mock = null;
        try {
            URI base;
            if (scenario.target() instanceof Target.Url url) {
                base = url.baseUrl();
            } else {
                mock = mocks.start(scenario.server(), scenario.seed());
                base = mock.baseUrl();
            }
            return run.run(base, mock);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded mock could not start: " + e.getMessage(), e);
        } finally {
            if (mock != null) mock.close();
        }
    }

    private RunResult run(Scenario scenario, RetryPolicy policy, Hooks hooks, URI base, EmbeddedServer mock) {
        PolicySpec spec = PolicySpec.from(scenario.retry());
        return runPopulations(scenario, List.of(new Population(policy.name(), policy, spec, 0, scenario.load())), hooks, base,
                mock).getFirst();
    }

    private List<RunResult> runPopulations(Scenario scenario, List<Population> pops, Hooks hooks, URI base, EmbeddedServer mock) {
        long durationNanos = scenario.duration().toNanos();
        long attemptTimeoutNanos = scenario.request().timeout().toNanos();
        RequestMix mix = scenario.mix();
        // a fresh draw per run: every row sends the same requests in the same order
        RequestDraws draws = mix.fixed() ? null : new RequestDraws(mix, scenario.seed());
        List<PhaseSpec> phases = mock == null ? List.of() : scenario.server().phases();
        boolean mixed = pops.size() > 1;
        InternalErrors bugs = new InternalErrors();
        RandomGenerator.SplittableGenerator random = clientRandom(scenario.seed());
        // with variables, tier 0's URL for the gates is the first request's (each attempt renders its own)
        URI primary = join(base, draws == null ? scenario.request().path() : draws.render(draws.draw(0), 1).path());

        // Not closed by try-with-resources: close() would wait for every client thread without a bound; the drain
        // bounds that wait, and the finally below only interrupts what is left.
        ExecutorService clientThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("stampede-client-", 0).factory());
        int connections = scenario.client().connectionsFor(scenario.load());
        IdempotencyKeys keys = new IdempotencyKeys(scenario.seed(), String.join("+", pops.stream().map(Population::name).toList()));
        try (HttpTransport transport = new HttpTransport(primary, draws == null ? scenario.request()
                : new RequestSpec("GET", "/", List.of(), "", mix.longestTimeout()), settings.bodyLimitBytes(), instants,
                mock != null, scenario.client(), connections, keys)) {
            transport.openConnection();   // HTTP/2: one shared connection from the first request on
            if (mock != null) mock.restartClock();
            RunTiming timing = new RunTiming(clock);
            Horizon horizon = new Horizon();
            AtomicLong attemptIds = new AtomicLong();
            List<RunRecorder> recorders = new ArrayList<>();
            List<LoadDriver> drivers = new ArrayList<>();
            List<LoadDriver.Context> contexts = new ArrayList<>();
            for (int index = 0; index < pops.size(); index++) {
                Population p = pops.get(index);
                RunRecorder recorder = new RunRecorder(RunRecorder.Config.forLoad(p.name(), INTERVAL_NANOS, phases, p.load(),
                        durationNanos));
                recorder.measuresClient(connections, attemptTimeoutNanos);
                recorders.add(recorder);
                if (mix.breakdown()) recorder.templates(mix.names());
                recorder.prices(p.prices());
                drivers.add(switch (p.load()) {
                    case LoadSpec.Open o -> new OpenLoad(o, durationNanos,
                            ArrivalSchedule.startOffsetNanos(o, index, pops.size()),
                            ArrivalSchedule.seedFor(scenario.seed(), index));
                    case LoadSpec.Closed c -> new ClosedLoad(c);
                    case LoadSpec.Herd h -> new HerdLoad(h);
                });
                BlockingConcurrencyLimiter limiter = p.spec().limiter() == null ? null
                        : new BlockingConcurrencyLimiter(p.spec().limiter(), clock::nanoTime);
                Lifecycle lifecycle = new Lifecycle(p.policy(), p.fallbackPauseNanos(), recorder, horizon, attemptIds,
                        hooks.trace());
                LogicalRequest request = new LogicalRequest(timing, transport, lifecycle, attemptTimeoutNanos, limiter,
                        bugs::report, draws, p.templatePolicies(), base,
                        scenario.request().bodyBytes());
                if (p.workQueue() != null) {
                    LiveWorkQueue queue = new LiveWorkQueue(p.workQueue(), timing, request, settings.cancelPoll().toNanos(),
                            bugs::report);
                    request.workQueue(queue);
                    queue.startWorkers(clientThreads);
                }
                contexts.add(new LoadDriver.Context(timing, request, recorder, clientThreads,
                        mixed ? random.split() : random, gates(p.spec(), base, primary)));
            }
            hooks.onRecorders().accept(List.copyOf(recorders));
            String name = String.join("+", pops.stream().map(Population::name).toList());
            hooks.onStart().started(name, durationNanos, () -> RunRecorder.Snapshot.sum(
                    recorders.stream().map(r -> r.snapshot(timing.elapsedNanos())).toList()));
            for (int i = 0; i < drivers.size(); i++) drivers.get(i).start(contexts.get(i));

            boolean cancelled = awaitEnd(timing, drivers, durationNanos, hooks.cancelled(),
                    draws == null ? () -> false : draws::exhausted);
            long stopNanos = timing.elapsedNanos();
            timing.endArrivals();
            // the graceful stop: requests in progress keep retrying and falling back until they end or it passes
            if (!cancelled) {
                cancelled = awaitGrace(timing, scenario.gracefulStop().toNanos(), hooks.cancelled(),
                        () -> recorders.stream().mapToLong(RunRecorder::requestsInProgress).sum() == 0);
            }
            // before the stop signal: a request woken by it already finds the horizon closed
            horizon.close(cancelled ? FailureReason.INTERRUPTED : FailureReason.UNFINISHED);
            timing.endRun();
            boolean drained = drain(drivers, clientThreads, transport,
                    cancelled ? settings.cancelGrace() : settings.drainGrace(), mix.longestTimeout().toNanos());
            if (mock != null && !cancelled) {
                // work the server still does for clients that left completes now: a late execution (a duplicate) counts,
                // as in the simulator, which runs until its last event
                awaitGrace(timing, SERVER_SETTLE.toNanos(), hooks.cancelled(), () -> mock.working() == 0);
            }
            ServerView server = mock == null || mixed ? null : mock.view(INTERVAL_NANOS);
            // The run's length is the time load was offered: the achieved rate is arrivals over it. Events
            // of the drain fall after it and are still counted (the recorder keeps late events).
            List<RunResult> results = new ArrayList<>();
            for (RunRecorder r : recorders) results.add(r.finish(stopNanos, server, cancelled || !drained));
            bugs.printFirst();
            return List.copyOf(results);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + pops.getFirst().name(), e);
        } finally {
            clientThreads.shutdownNow();
        }
    }

    /** How long each step of cancelling the drain waits for the client threads to end. */
    static final Duration STOP_WAIT = Duration.ofSeconds(2);

    /**
     * A policy's gates, fresh for this run, or {@code null} when it needs none. Tier 0 is the run's own request
     * ({@code primary}); fallback targets that are paths are appended to {@code base}.
     */
    static PolicyGates gates(PolicySpec spec, URI base, URI primary) {
        return Lifecycle.gates(spec, primary.toString(), t -> t.startsWith("/") ? join(base, t).toString() : t);
    }

    /**
     * Waits for the duration, a finished workload, the end of arrivals (a data file read once is used up) or a
     * cancellation; true when cancelled.
     */
    private boolean awaitEnd(RunTiming timing, List<LoadDriver> drivers, long durationNanos, BooleanSupplier cancelled,
                             BooleanSupplier arrivalsEnded) throws InterruptedException {
        long pollNanos = settings.cancelPoll().toNanos();
        StopSignal never = new StopSignal();
        while (true) {
            if (cancelled.getAsBoolean()) return true;
            if (drivers.stream().allMatch(LoadDriver::done) || arrivalsEnded.getAsBoolean()) return false;
            long leftNanos = durationNanos - timing.elapsedNanos();
            if (leftNanos <= 0) return false;
            clock.awaitUntil(clock.nanoTime() + Math.min(leftNanos, pollNanos), never);
        }
    }

    /**
     * Longest the engine waits, after the drain, for the embedded server to finish the work it still holds for clients
     * that stopped waiting, before it reads the server's counts.
     */
    static final Duration SERVER_SETTLE = Duration.ofSeconds(5);

    /**
     * The graceful stop: waits until every request in progress has ended ({@code idle}), {@code graceNanos} have
     * passed since now, or the run is cancelled; true when cancelled (also the server's settling: {@link #SERVER_SETTLE}).
     */
    private boolean awaitGrace(RunTiming timing, long graceNanos, BooleanSupplier cancelled, BooleanSupplier idle)
            throws InterruptedException {
        long pollNanos = settings.cancelPoll().toNanos();
        long endNanos = timing.elapsedNanos() + graceNanos;
        StopSignal never = new StopSignal();
        while (true) {
            if (cancelled.getAsBoolean()) return true;
            if (idle.getAsBoolean()) return false;
            long leftNanos = endNanos - timing.elapsedNanos();
            if (leftNanos <= 0) return false;
            clock.awaitUntil(clock.nanoTime() + Math.min(leftNanos, pollNanos), never);
        }
    }

    /**
     * Lets the attempts on the wire finish within {@code grace} (never past their own timeout), then cancels what is
     * left: first by interrupting the client threads (their attempts are aborted and recorded as timeouts), then, if
     * some still run after {@link #STOP_WAIT}, by closing the transport (which aborts every exchange on the wire).
     * Never waits longer than grace + 2 × {@link #STOP_WAIT} in all, and never throws for a client that does not stop.
     *
     * @return true when every client thread ended; false when some were abandoned (their events may be missing,
     *         so the run is reported as partial)
     */
    private static boolean drain(List<LoadDriver> drivers, ExecutorService clientThreads, HttpTransport transport,
                                 Duration grace, long attemptTimeoutNanos) throws InterruptedException {
        for (LoadDriver driver : drivers) driver.awaitStopped();
        clientThreads.shutdown();
        long graceNanos = Math.min(grace.toNanos(), attemptTimeoutNanos);
        if (clientThreads.awaitTermination(graceNanos, TimeUnit.NANOSECONDS)) return true;
        clientThreads.shutdownNow();  // interrupts: abandoned attempts are recorded as timeouts
        if (clientThreads.awaitTermination(STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS)) return true;
        transport.close();            // aborts every exchange, whatever the client threads do with interrupts
        return clientThreads.awaitTermination(STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS);
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

    /**
     * The bugs of one run: a {@link RuntimeException} that ended a request as {@code internalError}. The first is
     * printed with its stack trace once the run is over (the count is in the result; the run exits 1).
     */
    private static final class InternalErrors {
        private final java.util.concurrent.atomic.AtomicReference<RuntimeException> first = new java.util.concurrent.atomic.AtomicReference<>();
        private final AtomicLong count = new AtomicLong();

        void report(RuntimeException e) {
            count.incrementAndGet();
            first.compareAndSet(null, e);
        }

        void printFirst() {
            RuntimeException e = first.get();
            if (e == null) return;
            System.err.println("stampede: error: " + count.get() + " request(s) ended with internalError; the first:");
            e.printStackTrace(System.err);
        }
    }
}
