package dev.stampede.load;

import dev.stampede.metrics.ClientView;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.scenario.ClientSpec;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.RequestSpec;
import dev.stampede.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.stampede.load.LiveEngineTest.run;
import static dev.stampede.load.LiveEngineTest.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code client.connections} end to end: real HTTP on 127.0.0.1 against the embedded mock or a server that hangs. */
class ConnectionLimitTest {

    @Test
    void requestsThatFindNoFreeConnectionWaitAndTheWaitIsCountedAndPartOfTheirLatency() throws Exception {
        Scenario s = scenario("""
                name: one-connection
                duration: 1s
                seed: 3
                client: { connections: 1 }
                request: { timeout: 5s }
                load: { model: closed, clients: 4, think: 0s }
                server: { latency: { fixed: 20ms } }
                """);
        RunResult r = run(s, "none");
        ClientView c = r.client();
        assertNotNull(c, "a live run carries the client's account");
        assertEquals(1, c.connections());
        assertTrue(c.connectionWaits() > 0, "4 clients over 1 connection must wait: " + c);
        // each waits for up to 3 others' 20 ms exchanges
        assertTrue(c.connectionWait().p99() >= 20, "the connection wait p99 is at least one exchange: " + c.connectionWait());
        assertTrue(r.attempt().p50() >= c.connectionWait().p50(), "the wait is inside the attempt's latency");
        assertTrue(r.requestUncorrected().p50() >= 20 + c.connectionWait().p50() - 1,
                "and inside the request's uncorrected latency: " + r.requestUncorrected() + " vs " + c.connectionWait());
        for (ServerView.Interval i : r.server().timeline()) {
            assertTrue(i.inService() <= 1.05, "the mock never serves more than the one connection's request: " + i);
        }
        assertTrue(c.serviceMeanMs() >= 19, "the mock reports its 20 ms service time: " + c.serviceMeanMs());
        assertTrue(c.clientOverheadMs() > 0, "the client saw more than the service time (it waited): " + c);
    }

    @Test
    void theOpenModelHasABoundedPoolByDefaultAndTheClosedModelNone() throws Exception {
        Scenario open = scenario("""
                name: open
                duration: 1s
                load: { rate: 20/s }
                """);
        assertEquals(ClientSpec.OPEN_DEFAULT_CONNECTIONS, open.client().connectionsFor(open.load()));
        Scenario small = scenario("""
                name: open-small
                duration: 1s
                load: { rate: 20/s, maxInFlight: 50 }
                """);
        assertEquals(50, small.client().connectionsFor(small.load()), "never more connections than requests in flight");
        Scenario closed = scenario("""
                name: closed
                duration: 1s
                load: { model: closed, clients: 5 }
                """);
        assertEquals(0, closed.client().connectionsFor(closed.load()), "one connection per closed-model client, as before");
        RunResult r = run(open.withDuration(Duration.ofMillis(500)), "none");
        assertEquals(ClientSpec.OPEN_DEFAULT_CONNECTIONS, r.client().connections());
        assertTrue(r.client().pacerLag().count() > 0, "the open model's pacer lag is measured");
        // a cold, unwarmed JVM on a loaded machine may well be client-bound: the flag must follow the rule, whichever
        assertEquals(ClientView.isClientBound(r.client().pacerLag(), r.client().sendLag(), r.request().p99())
                || ClientView.overheadBound(r.client().attemptMeanMs(), r.client().serviceMeanMs())
                || ClientView.lateDeadlines(r.attempt().p99(), s10sTimeoutMs()), r.clientBound());
    }

    /** The scenarios here use the default request timeout. */
    private static double s10sTimeoutMs() { return dev.stampede.scenario.RequestSpec.DEFAULT_TIMEOUT.toMillis(); }

    @Test
    void anAttemptThatGetsNoConnectionBeforeItsTimeoutEndsAsATimeoutWithoutLeavingTheClient() throws Exception {
        RequestSpec spec = new RequestSpec("GET", "/", List.of(), "", Duration.ofSeconds(60));
        try (MisbehavingServer s = new MisbehavingServer(MisbehavingServer.HANG);
             HttpTransport t = new HttpTransport(s.baseUrl().resolve("/"), spec, HttpTransport.DEFAULT_BODY_LIMIT_BYTES,
                     InstantSource.system(), false, 1)) {
            AtomicReference<Exchange.Answer> first = new AtomicReference<>();
            Thread holder = Thread.ofVirtual().start(() -> {
                try {
                    first.set(t.send(null, Duration.ofSeconds(60).toNanos(), false));
                } catch (InterruptedException e) {
                    // stopped by the test
                }
            });
            while (t.freeConnections() > 0) Thread.onSpinWait();  // the hanging attempt holds the only connection
            long timeoutNanos = Duration.ofMillis(200).toNanos();
            Exchange.Answer second = t.send(null, timeoutNanos, false);
            assertEquals(AttemptOutcome.error(ErrorKind.TIMEOUT), second.outcome());
            assertFalse(second.leftClient(), "it never got a connection");
            assertTrue(second.connectionWaitNanos() >= timeoutNanos, "it waited its whole timeout: " + second);
            holder.interrupt();
            holder.join();
        }
    }

    @Test
    void aLiveRunWhoseArrivalsStampedeMostlyRefusedIsClientBound() throws Exception {
        // 100/s for 1 s, each answered after 300 ms, at most 5 in flight: about 95 of 100 arrivals refused
        Scenario s = scenario("""
                name: refusing
                duration: 1s
                seed: 5
                request: { timeout: 2s }
                load: { rate: 100/s, maxInFlight: 5 }
                retry: { maxAttempts: 1 }
                server: { latency: { fixed: 300ms } }
                """);
        RunResult r = run(s, "none");
        assertTrue(ClientView.refusedBound(r.requests().started(), r.requests().refused()),
                "the premise: over 1 % refused as clientSaturated: " + r.requests());
        assertTrue(r.client().clientBound(), "the client's account (the JSON's client.clientBound) says so");
        assertTrue(r.clientBound(), "and so do the table and the verdict");
    }

    @Test
    void theOpenFilesCheckCountsConnectionsNotClients() throws Exception {
        Scenario many = scenario("""
                name: many
                target: http://127.0.0.1:9/
                load: { model: closed, clients: 100000, think: 60s }
                """);
        assertTrue(LiveEngine.resourceProblem(many, 20_000).isPresent(), "100,000 clients, a socket each, do not fit");
        assertTrue(LiveEngine.resourceProblem(many, 20_000).get().contains("client.connections"),
                "the message points to the connection limit: " + LiveEngine.resourceProblem(many, 20_000).get());
        Scenario pooled = many.withClient(new ClientSpec(400));
        assertEquals(400, LiveEngine.plannedConnections(pooled));
        assertTrue(LiveEngine.resourceProblem(pooled, 20_000).isEmpty(), "400 connections fit");
        Scenario tooMany = many.withClient(new ClientSpec(30_000));
        String problem = LiveEngine.resourceProblem(tooMany, 20_000).orElseThrow();
        assertTrue(problem.contains("client.connections=30000"), problem);
    }
}
