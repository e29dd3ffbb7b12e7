package dev.stampede.load;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.scenario.ClientSpec;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.RequestDraws;
import dev.stampede.scenario.RequestSpec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scenario's request over {@code java.net.http}: HTTP/1.1 clients shared by every client thread of a run, on one
 * virtual-thread executor (2–3× the default pool's throughput). Thread-safe.
 *
 * <p>Connections ({@code client.connections}, docs/engine.md "Connections"): without a limit, one client, which opens a
 * connection per concurrent attempt. With a limit of N, at most N attempts hold a connection at once
 * ({@link ConnectionSlots}); an attempt that finds none free waits for one, and the wait counts against its timeout
 * and is reported ({@link Answer#connectionWaitNanos}). The N connections are split over lanes of at most
 * {@link #LANE_CONNECTIONS}, each its own {@link HttpClient} built on first use: the JDK client keeps its idle
 * connections in a list walked on every return and removal, under one lock, so its cost per request grows with the
 * connections one client holds. Small lanes keep that walk short; at low concurrency only the first lane is used
 * (one client beats several on two cores).
 *
 * <p>Every attempt is bounded as a whole, body included, by a watchdog thread that interrupts the client thread still
 * waiting for its exchange when its deadline passes (within 10 ms); {@link HttpClient#send} cancels an interrupted
 * exchange. A server that dribbles its body ends as {@code timeout}, not as a hung client. The requests carry no
 * {@link HttpRequest#timeout} of their own: it would only cover the wait for the headers, which the watchdog covers
 * already, and the JDK client wakes its selector thread to register every request's timer. Exchanges are
 * {@link HttpClient#send} on the client thread, not {@code sendAsync}: the asynchronous form starts the exchange on
 * another thread of the executor and completes its future on the common fork-join pool, two hand-offs per attempt
 * (docs/engine.md, "HTTP"). Bodies are counted and discarded; one longer than the read bound ends as
 * {@code bodyTooLarge}.
 *
 * <p>Only the failures a target or the network can cause become error kinds: I/O errors (refused, reset, protocol,
 * timeout) and the watchdog's cancellation. Anything else is a bug in stampede and is rethrown as an
 * {@link IllegalStateException}, never counted as the target's fault.
 *
 * <p>Header values are never part of any message this class produces (they may be secrets).
 */
public final class HttpTransport implements Exchange, AutoCloseable {

    /** Response bodies longer than this many bytes end as {@link ErrorKind#BODY_TOO_LARGE}. */
    public static final int DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

    /** Headers {@code java.net.http} manages itself and refuses to take from callers. */
    private static final Set<String> MANAGED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    /** The most connections one {@link HttpClient} of a limited transport holds. */
    static final int LANE_CONNECTIONS = 128;

    private final ExecutorService executor;
    private final AtomicReferenceArray<HttpClient> clients;
    private final ReentrantLock building = new ReentrantLock();
    private final Duration connectTimeout;
    private final ClientSpec clientSpec;
    /** The connection limit's slots, or {@code null} without a limit. */
    private final ConnectionSlots slots;
    private final HttpRequest request;
    private final long bodyLimitBytes;
    private final InstantSource instants;
    /** The scenario's request sent to other URLs (fallback tiers), built on first use. */
    private final java.util.concurrent.ConcurrentHashMap<String, HttpRequest> otherUrls = new java.util.concurrent.ConcurrentHashMap<>();
    /** Attempts on the wire by deadline; each leaves it as soon as it ends, so it holds only what is in flight. */
    private final ConcurrentSkipListSet<Deadline> deadlines = new ConcurrentSkipListSet<>();
    private final AtomicLong deadlineSequence = new AtomicLong();
    private final Thread watchdog;
    private volatile boolean closed;
    private final boolean sendTimeout;
    /** Name of the idempotency-key header ({@code idempotencyKey}), or {@code null} for none. */
    private final String keyHeader;
    private final IdempotencyKeys keys;

    /** How often the deadline watchdog looks: the precision of attempt timeouts. */
    static final long WATCHDOG_PERIOD_NANOS = 10_000_000L;

    /**
     * @param url            the full URL every attempt goes to (base URL plus {@code request.path})
     * @param spec           method, headers, body and per-attempt timeout
     * @param bodyLimitBytes read bound of response bodies, {@code >= 0}
     * @param instants       wall clock for Retry-After HTTP dates
     * @throws IllegalArgumentException when a header cannot be sent (the message names the header, never its value)
     */
    public HttpTransport(URI url, RequestSpec spec, long bodyLimitBytes, InstantSource instants) {
        this(url, spec, bodyLimitBytes, instants, false);
    }

    /**
     * @param sendTimeout send each attempt's own timeout in {@link dev.stampede.server.MockServer#TIMEOUT_HEADER}:
     *                    only to the embedded mock, which learns from it when the client stops waiting (never to a URL target)
     */
    public HttpTransport(URI url, RequestSpec spec, long bodyLimitBytes, InstantSource instants, boolean sendTimeout) {
        this(url, spec, bodyLimitBytes, instants, sendTimeout, ClientSpec.DEFAULT, 0);
    }

    /**
     * @param connections the most connections held at once ({@code client.connections}), or 0 for no limit
     */
    public HttpTransport(URI url, RequestSpec spec, long bodyLimitBytes, InstantSource instants, boolean sendTimeout,
                         int connections) {
        this(url, spec, bodyLimitBytes, instants, sendTimeout, ClientSpec.DEFAULT, connections);
    }

    /**
     * @param client the scenario's HTTP version and TLS trust ({@code client:}); the caller has checked they suit the
     *               target ({@link ClientSpec#refusal})
     * @throws IllegalArgumentException also when {@code client}'s CA file cannot be read
     */
    public HttpTransport(URI url, RequestSpec spec, long bodyLimitBytes, InstantSource instants, boolean sendTimeout,
                         ClientSpec client) {
        this(url, spec, bodyLimitBytes, instants, sendTimeout, client, 0);
    }

    /**
     * @param client      the scenario's HTTP version and TLS trust ({@code client:}); the caller has checked they suit
     *                    the target ({@link ClientSpec#refusal})
     * @param connections the most connections held at once ({@code client.connections}), or 0 for no limit
     * @throws IllegalArgumentException also when {@code client}'s CA file cannot be read
     */
    public HttpTransport(URI url, RequestSpec spec, long bodyLimitBytes, InstantSource instants, boolean sendTimeout,
                         ClientSpec client, int connections) {
        this(url, spec, bodyLimitBytes, instants, sendTimeout, client, connections, new IdempotencyKeys(0, ""));
    }

    /**
     * @param sendTimeout also send each logical request's number in {@link dev.stampede.server.MockServer#REQUEST_HEADER}
     *                    (the embedded mock's own, by which it counts executions per logical request)
     * @param keys        the idempotency keys sent in the request's {@code idempotencyKey} header (to any target)
     */
    public HttpTransport(URI url, RequestSpec spec, long bodyLimitBytes, InstantSource instants, boolean sendTimeout,
                         IdempotencyKeys keys) {
        this(url, spec, bodyLimitBytes, instants, sendTimeout, ClientSpec.DEFAULT, 0, keys);
    }

    /**
     * @param client      the scenario's HTTP version and TLS trust ({@code client:}); the caller has checked they suit
     *                    the target ({@link ClientSpec#refusal})
     * @param connections the most connections held at once ({@code client.connections}), or 0 for no limit
     * @param keys        the idempotency keys sent in an idempotency key header (to any target)
     * @throws IllegalArgumentException also when {@code client}'s CA file cannot be read
     */
    public HttpTransport(URI url, RequestSpec spec, long bodyLimitBytes, InstantSource instants, boolean sendTimeout,
                         ClientSpec client, int connections, IdempotencyKeys keys) {
        if (connections < 0) throw new IllegalArgumentException("connections must be >= 0, got " + connections);
        ClientTls.check(client);
        this.clientSpec = client;
        this.sendTimeout = sendTimeout;
        this.keyHeader = spec.idempotencyKey();
        this.keys = java.util.Objects.requireNonNull(keys, "keys");
        if (bodyLimitBytes < 0) throw new IllegalArgumentException("bodyLimitBytes must be >= 0, got " + bodyLimitBytes);
        this.request = buildRequest(url, spec);
        this.bodyLimitBytes = bodyLimitBytes;
        this.instants = instants;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.connectTimeout = spec.timeout();
        this.slots = connections == 0 ? null
                : new ConnectionSlots(connections, Math.ceilDiv(connections, LANE_CONNECTIONS), System::nanoTime);
        this.clients = new AtomicReferenceArray<>(slots == null ? 1 : slots.lanes());
        client(0);  // the first lane at once: building a client takes a while, not to be paid by the first attempt
        this.watchdog = Thread.ofPlatform().daemon(true).name("stampede-deadlines").start(this::watch);
    }

    /** The client of {@code lane}, built on first use. */
    private HttpClient client(int lane) {
        HttpClient c = clients.get(lane);
        if (c != null) return c;
        building.lock();
        try {
            c = clients.get(lane);
            if (c == null) {
                c = newClient();
                clients.set(lane, c);
            }
            return c;
        } finally {
            building.unlock();
        }
    }

    /** One client on the transport's executor, with the scenario's HTTP version and TLS trust. */
    private HttpClient newClient() {
        return ClientTls.apply(HttpClient.newBuilder(), clientSpec)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .executor(executor)
                .build();
    }

    /** The connection limit, or 0 for none. */
    public int connections() { return slots == null ? 0 : slots.capacity(); }

    @Override
    public boolean connectionsFull(int coming) { return slots != null && slots.full(coming); }

    /** Connections of the limit free now; -1 without a limit (for tests). */
    int freeConnections() { return slots == null ? -1 : slots.free(); }

    /**
     * With {@code client.http: 2}, opens the connection the run's requests will share, before the run starts: one
     * {@code HEAD} of the request's URL with its headers, not recorded, its answer ignored. Why: the JDK client
     * registers an HTTP/2 connection only once its TLS handshake is done, so every request that arrives during the
     * first handshake opens (and then drops) a connection of its own. Does nothing for HTTP/1.1. Waits at most the
     * request's timeout; a failure is left for the run's own requests to report. With a connection limit, opens the
     * first lane's (the other lanes, built when the limit's first 128 are in use, open theirs on first use).
     */
    public void openConnection() {
        HttpClient client = client(0);
        if (client.version() != HttpClient.Version.HTTP_2) return;
        HttpRequest head = HttpRequest.newBuilder(request, (name, value) -> true)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(connectTimeout)  // the run's requests carry none (the watchdog bounds them); this one is not watched
                .build();
        try {
            client.send(head, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the target is down or refuses us: the run's requests will show it, counted by kind
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpRequest buildRequest(URI url, RequestSpec spec) {
        HttpRequest.BodyPublisher body = spec.body().isEmpty()
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(spec.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(url).method(spec.method(), body);  // no timeout: the watchdog's
        headers(b, spec.headers());
        return b.build();
    }

    private static void headers(HttpRequest.Builder b, java.util.List<RequestSpec.Header> headers) {
        for (RequestSpec.Header h : headers) {
            if (MANAGED_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) continue;
            try {
                b.header(h.name(), h.value());
            } catch (IllegalArgumentException e) {
                // The JDK's message may quote the value; name the header only.
                throw new IllegalArgumentException("request header '" + h.name() + "' cannot be sent: invalid name or value", null);
            }
        }
    }

    @Override
    public AttemptOutcome send(long timeoutNanos) throws InterruptedException {
        return send(request, timeoutNanos, false, -1, null).outcome();
    }

    /**
     * Sends the scenario's request to {@code url} (same method, headers and body; {@code null} or the transport's
     * own URL: its request), keeping the body as text when {@code keepBody}.
     */
    @Override
    public Answer send(String url, long timeoutNanos, boolean keepBody) throws InterruptedException {
        return send(url, timeoutNanos, keepBody, -1);
    }

    /** As {@link #send(String, long, boolean)}, with the logical request's headers (its idempotency key; its number for the mock). */
    @Override
    public Answer send(String url, long timeoutNanos, boolean keepBody, long logicalId) throws InterruptedException {
        HttpRequest r = url == null || url.equals(request.uri().toString()) ? request
                : otherUrls.computeIfAbsent(url, u -> HttpRequest.newBuilder(request, (name, value) -> true).uri(URI.create(u)).build());
        return send(r, timeoutNanos, keepBody, logicalId, keyHeader);
    }

    /**
     * Sends an attempt of a rendered template to {@code url}: its method, headers and body, with {@code timeoutNanos}
     * as the attempt's timeout, and its template's idempotency key header.
     *
     * @throws IllegalArgumentException when a rendered header cannot be sent (names the header, never its value)
     */
    @Override
    public Answer send(RequestDraws.Rendered request, URI url, long timeoutNanos, boolean keepBody, long logicalId)
            throws InterruptedException {
        HttpRequest.BodyPublisher body = request.body().length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(url).method(request.method(), body);  // no timeout: the watchdog's
        headers(b, request.headers());
        return send(b.build(), timeoutNanos, keepBody, logicalId, request.idempotencyKey());
    }

    /** Waits for a connection (with a limit), then exchanges {@code r}; {@code logicalId} -1: no per-request headers. */
    private Answer send(HttpRequest r, long timeoutNanos, boolean keepBody, long logicalId, String keyHeader)
            throws InterruptedException {
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + Math.max(1, timeoutNanos);
        if (slots == null) return exchange(client(0), r, deadlineNanos, keepBody, 0, logicalId, keyHeader);
        int lane = slots.tryAcquire();
        long waitedNanos = 0;
        if (lane < 0) {
            lane = slots.acquire(deadlineNanos);
            waitedNanos = Math.max(1, System.nanoTime() - startNanos);  // > 0: it did wait
        }
        // no connection freed up within the attempt's whole time: it ends as a timeout without leaving the client
        if (lane < 0) return new Answer(AttemptOutcome.error(ErrorKind.TIMEOUT), null, waitedNanos, false);
        if (deadlineNanos - System.nanoTime() <= 0) {
            // handed a connection just as its time ran out (or woken too late to use it): it would only be cancelled
            slots.release(lane);
            return new Answer(AttemptOutcome.error(ErrorKind.TIMEOUT), null, waitedNanos, false);
        }
        try {
            return exchange(client(lane), r, deadlineNanos, keepBody, waitedNanos, logicalId, keyHeader);
        } finally {
            slots.release(lane);
        }
    }

    /**
     * One exchange on {@code client}, bounded by {@code deadlineNanos} ({@link System#nanoTime}), with the logical
     * request's headers: its idempotency key in {@code keyHeader} (any target), and for the embedded mock the time
     * left and the request's number.
     */
    private Answer exchange(HttpClient client, HttpRequest r, long deadlineNanos, boolean keepBody, long waitedNanos,
                            long logicalId, String keyHeader) throws InterruptedException {
        boolean keyed = keyHeader != null && logicalId >= 0;
        if (sendTimeout || keyed) {
            HttpRequest.Builder b = HttpRequest.newBuilder(r, (name, value) -> true);
            if (sendTimeout) {
                long leftNanos = Math.max(1, deadlineNanos - System.nanoTime());
                b.header(dev.stampede.server.MockServer.TIMEOUT_HEADER, Long.toString(Math.ceilDiv(leftNanos, 1_000_000L)));
                if (logicalId >= 0) b.header(dev.stampede.server.MockServer.REQUEST_HEADER, Long.toString(logicalId));
            }
            if (keyed) b.header(keyHeader, keys.key(logicalId));
            r = b.build();
        }
        BoundedBody[] body = new BoundedBody[1];
        Deadline deadline = new Deadline(deadlineNanos, deadlineSequence.getAndIncrement(), Thread.currentThread());
        deadlines.add(deadline);
        HttpResponse<Long> response = null;
        IOException failure = null;
        boolean interrupted = false;
        try {
            // what send throws besides these (an invalid request, a failing body subscriber) is a bug: it propagates
            response = client.send(r, info -> body[0] = new BoundedBody(bodyLimitBytes, keepBody));
        } catch (InterruptedException e) {
            interrupted = true;  // send has cancelled the exchange
        } catch (IOException e) {
            failure = e;
        } finally {
            deadlines.remove(deadline);  // at once: a finished attempt must not wait for its deadline to be released
        }
        boolean timedOut = deadline.end(interrupted);
        if (response != null) {
            // complete before the watchdog's interrupt could stop it: the answer counts (as it did within 10 ms before)
            AttemptOutcome outcome = outcome(response, keepBody);
            return new Answer(outcome, outcome.error() == null && body[0] != null ? body[0].text() : null, waitedNanos, true);
        }
        if (interrupted && !timedOut) throw new InterruptedException();  // not the watchdog: the run is stopping
        // the watchdog interrupted it at its deadline; and any failure past the deadline is the deadline's doing
        if (timedOut || System.nanoTime() - deadlineNanos >= 0) {
            return new Answer(AttemptOutcome.error(ErrorKind.TIMEOUT), null, waitedNanos, true);
        }
        return new Answer(AttemptOutcome.error(failure(failure)), null, waitedNanos, true);
    }

    /**
     * An attempt's end of time and the client thread waiting for its exchange; {@code sequence} tells apart attempts
     * with the same deadline. Ordered by deadline (then sequence), with the wrap-safe difference of
     * {@link System#nanoTime()} values.
     *
     * <p>The attempt ends once, either way: the client thread {@linkplain #end ends} it when its exchange returned or
     * failed, or the watchdog {@linkplain #expire expires} it and interrupts the thread. Whichever comes second does
     * nothing, except that a client thread that lost the race clears the watchdog's interrupt, which must not reach its
     * next wait. An interrupt from elsewhere that lands in the same instant as the watchdog's is taken for the
     * watchdog's (interrupts do not queue); the run's drain closes the transport for any thread that then fails to stop.
     */
    static final class Deadline implements Comparable<Deadline> {
        private static final int RUNNING = 0, ENDED = 1, EXPIRING = 2, EXPIRED = 3;

        final long atNanos;
        final long sequence;
        private final Thread waiter;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Deadline(long atNanos, long sequence, Thread waiter) {
            this.atNanos = atNanos;
            this.sequence = sequence;
            this.waiter = waiter;
        }

        /** The watchdog's: interrupts the waiting thread unless its attempt has ended. */
        void expire() {
            if (!state.compareAndSet(RUNNING, EXPIRING)) return;
            waiter.interrupt();
            state.set(EXPIRED);
        }

        /**
         * The client thread's, once its exchange returned or failed.
         *
         * @param interruptSeen the exchange ended in an {@link InterruptedException}, which cleared the thread's
         *                      interrupt
         * @return true when the watchdog expired the attempt (whatever the exchange's end); then its interrupt is no
         *         longer pending on this thread
         */
        boolean end(boolean interruptSeen) {
            if (state.compareAndSet(RUNNING, ENDED)) return false;
            // The watchdog won: wait the few instructions until its interrupt is delivered, then clear it unless the
            // exchange's InterruptedException already did.
            while (state.get() != EXPIRED) Thread.onSpinWait();
            if (!interruptSeen) Thread.interrupted();
            return true;
        }

        @Override public int compareTo(Deadline o) {
            int byTime = Long.signum(atNanos - o.atNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }

    /** Attempts whose deadline the watchdog holds: those in flight (for tests and the memory bench). */
    int pendingDeadlines() { return deadlines.size(); }

    /**
     * Expires every attempt still running at its deadline: interrupts its client thread, whose {@link HttpClient#send}
     * cancels the exchange (which closes its connection), and the attempt ends as a timeout. One thread for all
     * attempts instead of a timed wait per attempt: a timed park of a virtual thread schedules and cancels a timer task every time,
     * which cost about a tenth of the throughput at 10k attempts/s. Deadlines are kept sorted (attempts to
     * fallback tiers may have other timeouts), and each attempt removes its own when it ends, so the set holds
     * only the attempts in flight however long the timeout (docs/engine.md, "Attempt deadlines"). Precision: the
     * watchdog's period.
     */
    private void watch() {
        while (!closed) {
            LockSupport.parkNanos(WATCHDOG_PERIOD_NANOS);
            long now = System.nanoTime();
            Deadline d;
            while ((d = first()) != null && d.atNanos - now <= 0) {
                deadlines.remove(d);
                d.expire();
            }
        }
    }

    private Deadline first() {
        try {
            return deadlines.first();
        } catch (java.util.NoSuchElementException e) {
            return null;  // the last one ended between the check and the read
        }
    }

    /**
     * The error kind of an exchange's failure, when it is one a target or the network can cause (an
     * {@link IOException} anywhere in its causes).
     *
     * @throws IllegalStateException for any other failure: a bug in stampede, which must surface rather than be
     *                               counted as the target's fault
     */
    static ErrorKind failure(Throwable cause) {
        ErrorKind kind = classify(cause);
        if (kind == null) throw new IllegalStateException("an HTTP exchange failed unexpectedly: " + cause, cause);
        return kind;
    }

    /**
     * The outcome of a complete response. A 2xx answer whose body no quality gate reads ends the request as a success,
     * so its retry hints are never consulted: they are not looked up (three case-insensitive header lookups and a
     * clock read per attempt, about 2 % of the client's CPU at 10,000 attempts/s).
     */
    private AttemptOutcome outcome(HttpResponse<Long> response, boolean keepBody) {
        if (response.body() > bodyLimitBytes) return AttemptOutcome.error(ErrorKind.BODY_TOO_LARGE);
        int status = response.statusCode();
        if (!keepBody && status >= 200 && status < 300) return AttemptOutcome.status(status);
        HttpHeaders h = response.headers();  // case-insensitive lookups
        return AttemptOutcome.fromHeaders(response.statusCode(), name -> h.firstValue(name).orElse(null), instants.instant());
    }

    /**
     * The error kind of a failed exchange: timeouts, refused or unreachable connections, answers that are
     * not HTTP, and every other I/O error that broke the exchange mid-way (EOF, reset) as {@code reset};
     * {@code null} when the failure is no I/O error at all (a bug, not the target's doing).
     */
    static ErrorKind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) return ErrorKind.CONNECT;
            if (t instanceof HttpTimeoutException) return ErrorKind.TIMEOUT;
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return ErrorKind.CONNECT;
            }
            // a certificate the client does not trust: the connection could not be opened
            if (t instanceof javax.net.ssl.SSLHandshakeException) return ErrorKind.CONNECT;
            if (t instanceof ProtocolException) return ErrorKind.PROTOCOL;
            if (t instanceof CancellationException) return ErrorKind.TIMEOUT;  // the watchdog's, reported by the body
            if (t.getCause() == t) break;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) return ErrorKind.RESET;
            if (t.getCause() == t) break;
        }
        return null;
    }

    /** Closes the clients (otherwise the JVM waits ~300 ms for its selector thread at exit) and its executor. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watchdog);
        for (int i = 0; i < clients.length(); i++) {
            HttpClient c = clients.get(i);
            if (c != null) c.shutdownNow();
        }
        try {
            for (int i = 0; i < clients.length(); i++) {
                HttpClient c = clients.get(i);
                // still stopping after the wait: the executor below interrupts what is left
                if (c != null && !c.awaitTermination(Duration.ofSeconds(2))) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
