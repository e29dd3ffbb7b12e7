package dev.stampede.scenario;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The client's connection settings ({@code client:}, docs/scenario-reference.md): how the run's clients reach the
 * target, whatever request they send. One per scenario, not per request template.
 *
 * @param connections the most connections the clients of a run hold to the target at once (HTTP/1.1: one request
 *                    per connection at a time); a request that finds none free waits for one, and the wait is part of
 *                    its latency. {@link #UNSET} when the file sets none: the load model's default applies
 *                    ({@link #connectionsFor}); {@link #UNLIMITED} for {@code connections: unlimited}.
 * @param http        the HTTP version the client asks for
 * @param tls         how the target's certificate is checked
 */
public record ClientSpec(int connections, Http http, Tls tls) {

    /** No {@code connections} in the file: the load model decides ({@link #connectionsFor}). */
    public static final int UNSET = 0;

    /** {@code connections: unlimited}: a connection per concurrent request, whatever the load model. */
    public static final int UNLIMITED = -1;

    /**
     * The open model's pool when the file sets none: the connection limit of the Anthropic and OpenAI SDKs
     * ({@code httpx.Limits(max_connections=1000)}), so a run behaves as those clients do; never above
     * {@code maxInFlight}.
     */
    public static final int OPEN_DEFAULT_CONNECTIONS = 1000;

    /** The settings of a file without {@code client:}: the load model's connection limit, HTTP/1.1, the JDK's checks. */
    public static final ClientSpec DEFAULT = new ClientSpec(UNSET, Http.HTTP_1_1, Tls.DEFAULT);

    public ClientSpec {
        if (connections < UNLIMITED) {
            throw new IllegalArgumentException("connections must be >= 1, UNSET or UNLIMITED, got " + connections);
        }
        http = http == null ? Http.HTTP_1_1 : http;
        tls = tls == null ? Tls.DEFAULT : tls;
    }

    /** A connection limit with HTTP/1.1 and the JDK's certificate checks. */
    public ClientSpec(int connections) { this(connections, Http.HTTP_1_1, Tls.DEFAULT); }

    /** An HTTP version and TLS trust with the load model's connection limit. */
    public ClientSpec(Http http, Tls tls) { this(UNSET, http, tls); }

    /**
     * The connection limit of a run offering {@code load}: the file's {@code connections}; else, for the open model,
     * {@link #OPEN_DEFAULT_CONNECTIONS} (at most {@code maxInFlight}); else (closed model, herd: one connection per
     * client, as each client is a caller of its own) 0, unlimited.
     *
     * @return the most connections at once, or 0 for no limit
     */
    public int connectionsFor(LoadSpec load) {
        if (connections == UNLIMITED) return 0;
        if (connections != UNSET) return connections;
        return load instanceof LoadSpec.Open o ? Math.min(o.maxInFlight(), OPEN_DEFAULT_CONNECTIONS) : 0;
    }

    /** Whether the file set a connection limit. */
    public boolean connectionsSet() { return connections != UNSET; }

    /** Share {@code index} (1-based) of {@code count} shards: the set limit split like clients, at least one each. */
    public ClientSpec shard(int index, int count) {
        if (connections <= UNSET || count <= 1) return this;
        return new ClientSpec(Math.max(1, connections / count + (index <= connections % count ? 1 : 0)), http, tls);
    }

    /** The HTTP version: {@code 1.1}, or {@code 2} (many streams over one connection per target, negotiated by TLS ALPN). */
    public enum Http {
        HTTP_1_1("1.1"), HTTP_2("2");

        public final String text;

        Http(String text) { this.text = text; }
    }

    /**
     * TLS trust. Never weaker than the JDK's default unless the scenario says {@code insecure: true}.
     *
     * @param caFile   PEM file of the certificates to trust instead of the JDK's (as curl's {@code --cacert}), or
     *                 {@code null} for the JDK's trust store; resolved against the scenario file's directory
     * @param insecure accept any certificate for any host name (a warning is printed at the start of every run)
     */
    public record Tls(Path caFile, boolean insecure) {
        public static final Tls DEFAULT = new Tls(null, false);

        public Tls {
            if (caFile != null && insecure) {
                throw new IllegalArgumentException("caFile and insecure contradict each other: give one");
            }
        }

        /** True when the scenario changes nothing about certificate checks. */
        public boolean isDefault() { return caFile == null && !insecure; }
    }

    /**
     * Why these settings cannot be used against {@code target}, with the fix; empty when they can. The embedded mock
     * speaks plain HTTP/1.1; HTTP/2 needs TLS (the JDK client negotiates it with ALPN; over plain http it would ask for
     * an h2c upgrade most servers ignore, and quietly stay on HTTP/1.1); TLS settings need an https target.
     */
    public Optional<String> refusal(Target target) {
        boolean https = target instanceof Target.Url url && "https".equalsIgnoreCase(url.baseUrl().getScheme());
        if (http == Http.HTTP_2 && target instanceof Target.Embedded) {
            return Optional.of("client.http: 2 needs a URL target: the embedded mock speaks HTTP/1.1 only; use "
                    + "--target https://HOST (a server with TLS and HTTP/2) or drop client.http");
        }
        if (http == Http.HTTP_2 && !https) {
            return Optional.of("client.http: 2 needs an https:// target: the JDK client negotiates HTTP/2 through TLS "
                    + "(ALPN); over plain http it would stay on HTTP/1.1 with most servers");
        }
        if (!tls.isDefault() && !https) {
            return Optional.of("client.tls applies to an https:// target only (the target is "
                    + (target instanceof Target.Url u ? u.baseUrl() : "the embedded mock, plain http") + "); drop client.tls");
        }
        return Optional.empty();
    }
}
