package dev.stampede.load;

import dev.stampede.metrics.ServerView;
import dev.stampede.scenario.ServerSpec;

import java.net.URI;

/**
 * The embedded mock as the engine uses it: started fresh for each strategy, its phase clock restarted at
 * the run's start, its own counts read at the end (the client/server self-check). Implemented over
 * {@code server.MockServer}; a seam so engine tests can stand in their own server.
 */
public interface EmbeddedServer extends AutoCloseable {

    /** Where attempts go; the scenario's {@code request.path} is appended. */
    URI baseUrl();

    /** Restarts the scripted phases at 0: called at the strategy's start. */
    void restartClock();

    /** The server's own account of the run, per interval of {@code intervalNanos}. */
    ServerView view(long intervalNanos);

    /** Requests the server is still working on (in service or waiting for a worker); 0 for a server that does not say. */
    default long working() { return 0; }

    /** Stops the server and frees its port. */
    @Override void close();

    /** Starts one server on 127.0.0.1, port 0. */
    @FunctionalInterface
    interface Factory {
        /** @param seed seed of the server's random choices (same seed, same verdicts) */
        EmbeddedServer start(ServerSpec spec, long seed) throws java.io.IOException;
    }
}
