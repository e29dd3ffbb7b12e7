package dev.stampede.scenario;

/**
 * The client's connection settings ({@code client:}, docs/scenario-reference.md): how the run's clients reach the
 * target, whatever request they send. One per scenario, not per request template.
 *
 * @param connections the most connections the clients of a run hold to the target at once (HTTP/1.1: one request
 *                    per connection at a time); a request that finds none free waits for one, and the wait is part of
 *                    its latency. {@link #UNSET} when the file sets none: the load model's default applies
 *                    ({@link #connectionsFor}); {@link #UNLIMITED} for {@code connections: unlimited}.
 */
public record ClientSpec(int connections) {

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

    /** The settings of a file without {@code client:}. */
    public static final ClientSpec DEFAULT = new ClientSpec(UNSET);

    public ClientSpec {
        if (connections < UNLIMITED) {
            throw new IllegalArgumentException("connections must be >= 1, UNSET or UNLIMITED, got " + connections);
        }
    }

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
        return new ClientSpec(Math.max(1, connections / count + (index <= connections % count ? 1 : 0)));
    }
}
