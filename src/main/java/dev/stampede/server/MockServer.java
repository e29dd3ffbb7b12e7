package dev.stampede.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stampede.metrics.ServerView;
import dev.stampede.scenario.ServerSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded overload mock: an HTTP/1.1 server (the JDK's {@code com.sun.net.httpserver}, one virtual
 * thread per exchange) that answers every path and method as the {@link OverloadModel} decides, except
 * {@code /__stampede/*}. With {@code server.routes}, each path prefix is decided by a model of its own
 * ({@link RoutedModel}); a degraded 200 has an empty body. Control endpoints:
 * <ul>
 *   <li>{@code GET /__stampede/stats} — JSON counters since the clock (re)started and per second;</li>
 *   <li>{@code POST /__stampede/reset} — clears the counters and restarts the phase clock.</li>
 * </ul>
 * Service time is waited on the request's virtual thread, and so is the wait of a request a phase's
 * {@code abort} fails in service ({@link Verdict.Abort}: a 529 at the phase start). A reset closes the TCP connection without a
 * response; a hang holds the exchange unanswered until the server closes or {@link #MAX_HANG_NANOS} pass. Request bodies over
 * {@link #MAX_BODY_BYTES} get 413 without being buffered (and the connection is closed).
 *
 * <p>It serves the capacity model; a spec whose {@code model} is {@code OCC} is served as a capacity
 * model too (the optimistic-concurrency record exists only in the simulator).
 *
 * <p>Thread-safe. {@link #close()} releases hangs and service waits, closes every connection and the
 * listening socket, and waits for the handler threads.
 */
public final class MockServer implements AutoCloseable {

    /** Largest request body accepted, in bytes (1 MiB); larger ones get 413. */
    public static final long MAX_BODY_BYTES = 1 << 20;

    /** Longest a scripted hang holds its connection (10 min) before dropping it unanswered; {@link #close()} ends it sooner. */
    public static final long MAX_HANG_NANOS = 600_000_000_000L;

    /** Most of an oversized body read and discarded after its 413 (16 MiB); see {@link #consumeBody}. */
    static final long LINGER_BYTES = 16L << 20;

    /**
     * Request header the engine sends to the embedded mock only: the attempt's own timeout in whole milliseconds,
     * from when it was sent. The JDK server gives a handler no signal when a client gives up, so this is how the
     * mock knows when a client stopped waiting (wasted work, {@code cancelAbandoned}). Without it the client is
     * taken to wait for ever.
     */
    public static final String TIMEOUT_HEADER = "x-stampede-timeout-ms";

    /**
     * Request header the engine sends to the embedded mock only: the logical request's number in the order requests
     * started (from 0), the same on every attempt of it. The mock counts executions per logical request by the
     * idempotency key ({@link ServerSpec#keyHeader()}) when the request carries one, else by this ({@link Executions});
     * a {@code rateLimit} deals it to its API keys ({@link RateLimiter#keyOf}). Absent or malformed: request 0 for the
     * rate limit, so clients that do not send it share one key.
     */
    public static final String REQUEST_HEADER = "x-stampede-request";

    /** Answer header of a replay from the idempotency store (Stripe's name). */
    public static final String REPLAYED_HEADER = "idempotent-replayed";

    /** Prefix of the mock's own control endpoints, which the model never sees. */
    public static final String CONTROL_PREFIX = "/__stampede/";

    static {
        // Read once by the JDK when the first HttpServer is created (docs/mock.md, "Limits and robustness"): with the default of 200
        // idle connections, more client connections than that see their kept-alive connections closed.
        setDefault("sun.net.httpserver.maxIdleConnections", "20000");
        // Headers and body are written separately; without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms.
        setDefault("sun.net.httpserver.nodelay", "true");
        // A body left unread (only ever an oversized one) closes the connection at once instead of the JDK
        // reading up to 64 KiB more of it, which would hold the exchange while a client never sends it.
        setDefault("sun.net.httpserver.drainAmount", "0");
        // sun.net.httpserver.maxReqTime (close requests whose headers or body never finish) is left unset: it
        // cost 30-40 % of the throughput at 1,000 connections (scripts/bench/mock-throughput.sh, CONNS=1000).
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    /**
     * One run: where the phase clock started (System.nanoTime) and what has been counted since, with the executions
     * per logical request (a new run forgets every key).
     */
    private record Run(long originNanos, ServerStats stats, Executions executions) {}

    private final RoutedModel model;
    private final HttpServer http;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final long startedNanos = System.nanoTime();
    private final java.util.concurrent.locks.ReentrantLock clockLock = new java.util.concurrent.locks.ReentrantLock();
    private volatile Run run;
    /** Fired when the server begins closing; every request in service waits on it ({@link Signal}). */
    private final Signal closing = new Signal();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong requestIds = new AtomicLong();
    /** Requests of the event-driven model waiting for a worker or in service, by attempt id. */
    private final ConcurrentHashMap<Long, Waiter> waiters = new ConcurrentHashMap<>();
    private final boolean eventDriven;

    private MockServer(RoutedModel model, HttpServer http, ExecutorService executor) {
        this.model = model;
        this.eventDriven = model.eventDriven();
        model.attach(new OverloadModel.Host() {
            @Override public void started(long attemptId, long tNanos, long serviceNanos) {
                Waiter w = waiters.get(attemptId);
                if (w != null) w.start(serviceNanos);
            }

            @Override public void answered(long attemptId, long tNanos, Verdict.Reject answer) {
                if (answer.cause() == Verdict.Cause.FORCED) run.stats().abortedLater(tNanos);
                Waiter w = waiters.get(attemptId);
                if (w != null) w.answer(answer);
            }
        });
        this.http = http;
        this.executor = executor;
        InetSocketAddress bound = http.getAddress();
        String host = bound.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        this.baseUrl = URI.create("http://" + host + ":" + bound.getPort());
        this.run = newRun();
    }

    private Run newRun() {
        return new Run(System.nanoTime(), new ServerStats(), new Executions(model.spec().idempotency()));
    }

    /**
     * Starts serving {@code spec} on {@code host:port}; the phase clock starts now.
     *
     * @param port 0 for any free port (see {@link #baseUrl()})
     * @param seed seed of the model's random choices
     * @throws UncheckedIOException when the address cannot be bound (port in use, unknown host)
     */
    public static MockServer start(ServerSpec spec, String host, int port, long seed) {
        RoutedModel model = new RoutedModel(spec, new java.util.SplittableRandom(seed), seed, OverloadModel.Host.NONE,
                ServerStats.RESOLUTION_NANOS);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 4096);
        } catch (IOException e) {
            executor.close();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        MockServer server = new MockServer(model, http, executor);
        http.createContext("/", server::handle);
        http.setExecutor(executor);
        http.start();
        if (server.eventDriven) Thread.ofVirtual().name("stampede-mock-phases").start(server::tickPhases);
        return server;
    }

    /** {@code http://host:port}, with the port actually bound. */
    public URI baseUrl() { return baseUrl; }

    public ServerSpec spec() { return model.spec(); }

    /** Starts a new run: the phase clock restarts at zero, the counters and the timeline are cleared. */
    public void restartClock() {
        clockLock.lock();
        try {
            model.restartClock();
            run = newRun();
        } finally {
            clockLock.unlock();
        }
    }

    /** Nanoseconds on the phase clock (since start or the last {@link #restartClock()}). */
    public long elapsedNanos() { return System.nanoTime() - run.originNanos(); }

    /** Requests served by the model since the clock (re)started; {@code /__stampede/*} calls are not counted. */
    public long received() { return run.stats().received(); }

    /** Requests admitted and still being served. */
    public long inService() { return model.inService(); }

    /** The server's totals since the clock (re)started, without a timeline: cheap enough for every metrics scrape. */
    public ServerView totals() { return run.stats().totals(); }

    /**
     * The server's account of the run since the clock (re)started, with a timeline of {@code intervalNanos}
     * intervals starting at the restart (rounded to a multiple of 10 ms). Each interval's {@code errors}
     * counts every scripted fault — error statuses, resets and hangs — so that in every interval
     * received = admitted + shed + forced529 + errors.
     */
    public ServerView view(long intervalNanos) {
        Run r = run;
        long now = System.nanoTime() - r.originNanos();
        return r.stats().view(intervalNanos, now, model.series(now)).withDegradedAnswers(model.degradedAnswers());
    }

    /** Requests waiting for a worker. */
    public long queued() { return model.queued(); }

    /**
     * The event-driven model's phase starts, on the phase clock: aborts and worker counts change at the instant a
     * phase begins, not at the next arrival. Starts over when the clock restarts; ends when the server closes.
     */
    private void tickPhases() {
        long[] starts = model.phaseStarts();
        while (!closed.get()) {
            Run r = run;
            boolean restarted = false;
            for (long at : starts) {
                long wait = r.originNanos() + at - System.nanoTime();
                if (wait > 0 && awaitClosing(Math.min(wait, 100_000_000L))) return;
                if (run != r) { restarted = true; break; }
                if (r.originNanos() + at - System.nanoTime() > 0) { // woke early to look for a restart: wait on
                    restarted = true;
                    break;
                }
                clockLock.lock();
                try {
                    if (run == r) model.phaseStart(at);
                } finally {
                    clockLock.unlock();
                }
            }
            if (!restarted) {
                // every phase has begun: sleep until the clock restarts or the server closes
                while (run == r) if (awaitClosing(100_000_000L)) return;
            } else if (run == r) {
                // woke early in the same run: go on from the phases still ahead
                starts = remaining(starts, System.nanoTime() - r.originNanos());
                continue;
            }
            starts = model.phaseStarts();
        }
    }

    private static long[] remaining(long[] starts, long nowNanos) {
        return java.util.Arrays.stream(starts).filter(at -> at > nowNanos).toArray();
    }

    // ---- request handling -------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (path != null && (path.startsWith(CONTROL_PREFIX) || path.equals("/__stampede"))) {
            if (consumeBody(ex) >= 0) {
                try (ex) { control(ex, path); }
            }
            return;
        }
        long bodyBytes = consumeBody(ex);
        if (bodyBytes < 0) return;

        long id = requestIds.incrementAndGet();
        String requestId = Long.toHexString(id);
        Waiter waiter = null;
        if (eventDriven) { // before the model can start it, so the start finds its waiter
            waiter = new Waiter();
            waiters.put(id, waiter);
        }
        try {
            serve(ex, path, id, requestId, waiter, bodyBytes);
        } finally {
            if (waiter != null) waiters.remove(id);
        }
    }

    /**
     * The work of one admitted request for its logical request's {@link Executions} entry: completed once its service
     * ends, else released (aborted, timed out in the queue, cancelled, the server closing).
     */
    private static final class Work {
        private final Run run;
        private final Executions.Entry entry;
        private final boolean degraded;
        private boolean open = true;

        Work(Run run, Executions.Entry entry, boolean degraded) {
            this.run = run;
            this.entry = entry;
            this.degraded = degraded;
        }

        /** The service ran to its end: one more execution (a duplicate when the logical request had one already). */
        void completed() {
            if (!open) return;
            open = false;
            if (run.executions().completed(entry, degraded)) run.stats().duplicate(System.nanoTime() - run.originNanos());
        }

        /** Let go without completing (idempotent; nothing after {@link #completed}). */
        void release() {
            if (!open) return;
            open = false;
            run.executions().ended(entry);
        }
    }

    /** The key executions are counted by: the idempotency key when the request has one, else stampede's own identifier. */
    private String logicalKey(HttpExchange ex) {
        String key = ex.getRequestHeaders().getFirst(model.spec().keyHeader());
        if (key != null && !key.isEmpty()) return "k:" + key;
        String own = ex.getRequestHeaders().getFirst(REQUEST_HEADER);
        return own == null || own.isEmpty() ? null : "s:" + own;
    }

    private void serve(HttpExchange ex, String path, long id, String requestId, Waiter waiter, long bodyBytes) throws IOException {
        RoutedModel.Arrival arrival = null;
        Run r;
        long t;
        long timeoutNanos = clientTimeoutNanos(ex);
        String key = logicalKey(ex);
        long requestNumber = requestNumber(ex);
        Executions.Admission admission;
        Work work = null;
        clockLock.lock(); // one clock reading per arrival, in order, so the model's time never runs backwards
        try {
            r = run;
            t = System.nanoTime() - r.originNanos();
            Executions.Entry entry = r.executions().entry(key);
            // decided with the arrival under one lock, so two attempts of one key cannot both find it free
            admission = r.executions().admit(entry);
            if (admission == Executions.Admission.PROCEED) {
                long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : t + timeoutNanos;
                arrival = model.arrive(model.routeOf(path), t, id, deadline, requestNumber, bodyBytes);
                if (entry != null && (arrival.verdict() instanceof Verdict.Admit || arrival.verdict() instanceof Verdict.Queued)) {
                    r.executions().began(entry);
                    work = new Work(r, entry, arrival.degraded());
                }
            }
        } finally {
            clockLock.unlock();
        }
        switch (admission) {
            case REPLAY -> {
                r.stats().replayed(t);
                try (ex) {
                    ex.getResponseHeaders().set(REPLAYED_HEADER, "true");
                    send(ex, 200, requestId, r.executions().entry(key).degradedAnswer() ? Responses.DEGRADED : Responses.message(requestId));
                }
                return;
            }
            case CONFLICT -> {
                r.stats().conflict(t, 409);
                answer(ex, new Verdict.Reject(409, RetryHeaders.NONE, Verdict.Cause.ERROR), requestId);
                return;
            }
            case PROCEED -> { }
        }
        try {
            decided(ex, arrival, id, requestId, waiter, t, timeoutNanos, r, work);
        } finally {
            if (work != null) work.release(); // unless it completed
        }
    }

    private void decided(HttpExchange ex, RoutedModel.Arrival arrival, long id, String requestId, Waiter waiter, long t,
                         long timeoutNanos, Run r, Work work) throws IOException {
        Verdict verdict = arrival.verdict();
        switch (verdict) {
            case Verdict.Reset reset -> {
                r.stats().record(t, ServerStats.Kind.RESET, 0);
                throw new ConnectionReset();
            }
            case Verdict.Hang hang -> {
                r.stats().record(t, ServerStats.Kind.HANG, 0);
                // A client that gave up leaves its socket open here until this returns: bounding the hang
                // bounds the file descriptors a long run with hangs can hold.
                awaitClosing(MAX_HANG_NANOS);
                throw new ConnectionReset(); // drop the connection, answer nothing
            }
            case Verdict.Reject reject -> {
                r.stats().record(t, switch (reject.cause()) {
                    case SHED -> ServerStats.Kind.SHED;
                    case FORCED -> ServerStats.Kind.FORCED;
                    case ERROR, QUEUE_TIMEOUT, RATE_LIMITED -> ServerStats.Kind.ERROR;
                }, reject.status());
                answer(ex, reject, requestId);
            }
            case Verdict.Abort abort -> {
                // counted as a forced 529 when it arrives, as every verdict is counted at arrival
                r.stats().record(t, ServerStats.Kind.FORCED, abort.status());
                try {
                    if (awaitClosing(abort.afterNanos())) throw new ConnectionReset();
                } finally {
                    depart(arrival.route(), id);
                }
                answer(ex, new Verdict.Reject(abort.status(), abort.headers(), Verdict.Cause.FORCED), requestId);
            }
            case Verdict.Admit admit -> {
                r.stats().record(t, ServerStats.Kind.ADMITTED, 200);
                if (waiter == null) {
                    boolean closing = admit.serviceNanos() > 0 && awaitClosing(admit.serviceNanos());
                    boolean served = depart(arrival.route(), id);
                    if (closing) throw new ConnectionReset();
                    if (served && work != null) work.completed();
                    try (ex) {
                        send(ex, 200, requestId, arrival.degraded() ? Responses.DEGRADED : Responses.message(requestId));
                    }
                } else {
                    waiter.start(admit.serviceNanos());
                    served(ex, arrival, id, requestId, waiter, t, timeoutNanos, r, work);
                }
            }
            case Verdict.Queued queued -> {
                r.stats().record(t, ServerStats.Kind.ADMITTED, 200);
                served(ex, arrival, id, requestId, waiter, t, timeoutNanos, r, work);
            }
        }
    }

    /**
     * The event-driven model's request: waits for a worker (really parked here), is served for its service time
     * (really), then answers. Wakes at the client's deadline when abandoned work is cancelled, and at the queue
     * timeout, to tell the model; a phase abort or a queue timeout answers 529 at once.
     */
    private void served(HttpExchange ex, RoutedModel.Arrival arrival, long id, String requestId, Waiter w, long arrivedNanos,
                        long timeoutNanos, Run r, Work work) throws IOException {
        ServerSpec own = arrival.route() < 0 ? model.spec() : model.spec().routes().get(arrival.route()).asServer(model.spec());
        long origin = r.originNanos();
        long deadline = timeoutNanos < 0 || !own.queueing().cancelAbandoned() ? Long.MAX_VALUE : origin + arrivedNanos + timeoutNanos;
        long expiry = own.queueing().queueTimeout() == null ? Long.MAX_VALUE : origin + arrivedNanos + own.queueing().queueTimeout().toNanos();
        boolean abandoned = false;
        while (true) {
            long wakeAt = Math.min(w.started() ? Math.min(w.endNanos(), deadline) : Math.min(expiry, deadline),
                    System.nanoTime() + MAX_HANG_NANOS);
            Waiter.State state = w.await(wakeAt);
            if (state == Waiter.State.CLOSED) throw new ConnectionReset();
            if (state == Waiter.State.ANSWERED) {
                answer(ex, w.answer(), requestId);
                return;
            }
            long now = System.nanoTime();
            if (w.started() && now >= w.endNanos()) break;
            if (now >= deadline && !abandoned) {
                abandoned = true;
                clockLock.lock();
                try {
                    model.abandon(arrival.route(), now - run.originNanos(), id);
                } finally {
                    clockLock.unlock();
                }
                deadline = Long.MAX_VALUE;
                if (!model.holds(arrival.route(), id)) throw new ConnectionReset(); // dropped: the client left anyway
                continue;
            }
            if (!w.started() && now >= expiry) {
                clockLock.lock();
                try {
                    model.expire(now - run.originNanos());
                } finally {
                    clockLock.unlock();
                }
                expiry = Long.MAX_VALUE; // the model answers it (above) unless it started meanwhile
            }
        }
        if (!depart(arrival.route(), id)) {
            Verdict.Reject a = w.answer();
            if (a != null) {
                answer(ex, a, requestId);
                return;
            }
            throw new ConnectionReset();
        }
        if (work != null) work.completed();
        try (ex) {
            send(ex, 200, requestId, arrival.degraded() ? Responses.DEGRADED : Responses.message(requestId));
        }
    }

    /** The logical request's number from {@link #REQUEST_HEADER}, or 0 when absent or malformed. */
    private static long requestNumber(HttpExchange ex) {
        String v = ex.getRequestHeaders().getFirst(REQUEST_HEADER);
        if (v == null) return 0;
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The attempt's own timeout from {@link #TIMEOUT_HEADER}, in nanoseconds, or -1 when absent or malformed. */
    private static long clientTimeoutNanos(HttpExchange ex) {
        String v = ex.getRequestHeaders().getFirst(TIMEOUT_HEADER);
        if (v == null) return -1;
        try {
            long ms = Long.parseLong(v.trim());
            return ms < 0 ? -1 : Math.multiplyHigh(ms, 1_000_000L) != 0 ? Long.MAX_VALUE / 4 : ms * 1_000_000L;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean depart(int route, long id) {
        clockLock.lock();
        try {
            return model.depart(route, System.nanoTime() - run.originNanos(), id);
        } finally {
            clockLock.unlock();
        }
    }

    private static void answer(HttpExchange ex, Verdict.Reject reject, String requestId) throws IOException {
        try (ex) {
            reject.headers().values(Instant.now()).forEach(ex.getResponseHeaders()::set);
            send(ex, reject.status(), requestId, Responses.forStatus(reject.status()));
        }
    }

    /**
     * Reads and discards the request body and returns its size in bytes. When it exceeds {@link #MAX_BODY_BYTES}, answers
     * 413 at once and returns -1; the rest of the body is then read and thrown away (up to {@link #LINGER_BYTES} in
     * all) before the connection closes, so that the client is not sent a TCP reset that could destroy the
     * 413 before it reads it (nginx's lingering close). A body declared larger than that is not read at all.
     */
    private long consumeBody(HttpExchange ex) throws IOException {
        long declared = -1;
        String length = ex.getRequestHeaders().getFirst("content-length");
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1; // the JDK server has already rejected a malformed length
            }
        }
        InputStream in = ex.getRequestBody();
        byte[] buf = new byte[8192];
        long total = 0;
        if (declared <= MAX_BODY_BYTES) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > MAX_BODY_BYTES) break;
            }
            if (total <= MAX_BODY_BYTES) return total;
        }
        try (ex) {
            ex.getResponseHeaders().set("connection", "close");
            ex.getResponseHeaders().set("content-type", "application/json");
            ex.getResponseHeaders().set("request-id", "req_stampede_" + Long.toHexString(requestIds.incrementAndGet()));
            ex.sendResponseHeaders(413, Responses.TOO_LARGE.length);
            OutputStream out = ex.getResponseBody();
            out.write(Responses.TOO_LARGE);
            out.flush();
            if (declared <= LINGER_BYTES) {
                try {
                    for (int n; total < LINGER_BYTES && (n = in.read(buf)) > 0; ) total += n;
                } catch (IOException clientGone) {
                    // nothing left to protect
                }
            }
            out.close();
        }
        return -1;
    }

    private static void send(HttpExchange ex, int status, String requestId, byte[] body) throws IOException {
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.getResponseHeaders().set("request-id", "req_stampede_" + requestId);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length); // 0 would mean chunked
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void control(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        String id = Long.toHexString(requestIds.incrementAndGet());
        switch (path) {
            case CONTROL_PREFIX + "stats" -> {
                if (!method.equals("GET") && !method.equals("HEAD")) { notAllowed(ex, "GET", id); return; }
                Run r = run;
                long now = System.nanoTime() - r.originNanos();
                byte[] body = StatsJson.render(r.stats(), now, System.nanoTime() - startedNanos, model.inService(), model.queued(),
                        model.series(now), model.spec());
                send(ex, 200, id, body);
            }
            case CONTROL_PREFIX + "reset" -> {
                if (!method.equals("POST")) { notAllowed(ex, "POST", id); return; }
                restartClock();
                send(ex, 200, id, "{\"reset\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            default -> send(ex, 404, id, Responses.NOT_FOUND);
        }
    }

    private static void notAllowed(HttpExchange ex, String allowed, String id) throws IOException {
        ex.getResponseHeaders().set("allow", allowed);
        send(ex, 405, id, Responses.METHOD_NOT_ALLOWED);
    }

    /** Waits up to {@code nanos}; true when the server began closing first. */
    private boolean awaitClosing(long nanos) {
        try {
            return closing.await(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Thrown from a handler to make the JDK server close the connection without writing a response. */
    private static final class ConnectionReset extends IOException {
        ConnectionReset() { super("stampede mock: connection reset by script"); }

        @Override public Throwable fillInStackTrace() { return this; }
    }

    /**
     * Stops at once: releases hangs and service waits (their connections close unanswered), closes every
     * connection and the listening socket, and waits (at most 5 s) for the handler threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        closing.fire();
        waiters.values().forEach(Waiter::close);
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
