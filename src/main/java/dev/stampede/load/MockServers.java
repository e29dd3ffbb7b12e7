package dev.stampede.load;

import dev.stampede.metrics.ServerView;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.server.MockServer;

import java.net.URI;

/** The embedded mock ({@link MockServer}) as the engine's {@link EmbeddedServer}: 127.0.0.1, port 0. */
public final class MockServers {

    private MockServers() {}

    /** Starts a fresh mock for one strategy's run. */
    public static EmbeddedServer start(ServerSpec spec, long seed) {
        MockServer mock = MockServer.start(spec, "127.0.0.1", 0, seed);
        return new EmbeddedServer() {
            @Override public URI baseUrl() { return mock.baseUrl(); }

            @Override public void restartClock() { mock.restartClock(); }

            @Override public ServerView view(long intervalNanos) { return mock.view(intervalNanos); }

            @Override public long working() { return mock.inService() + mock.queued(); }

            @Override public void close() { mock.close(); }
        };
    }
}
