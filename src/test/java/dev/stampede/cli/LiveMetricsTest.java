package dev.stampede.cli;

import dev.stampede.exposition.MetricsAddress;
import dev.stampede.exposition.MetricsEndpoint;
import dev.stampede.exposition.MockMetrics;
import dev.stampede.exposition.RunMetrics;
import dev.stampede.load.EngineClock;
import dev.stampede.load.LiveEngine;
import dev.stampede.load.MockServers;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.server.MockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --metrics}: the endpoint over a real live run, what it must never show, and bad addresses. */
class LiveMetricsTest {

    @TempDir Path dir;

    private static final String SECRET = "tok-3f9c1e-very-secret";
    private static final String PASSWORD = "hunter2pw";
    private static final String BODY_SECRET = "body-7d41-secret";

    private static String scrape(URI url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            return r.body();
        }
    }

    private static MockServer healthyMock() {
        return MockServer.start(new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0,
                new LatencySpec.Fixed(Duration.ofMillis(2)), null, List.of(PhaseSpec.HEALTHY)), "127.0.0.1", 0, 1);
    }

    @Test
    void afterALiveRunTheScrapedAttemptCounterEqualsTheResultAndNoSecretShows() throws Exception {
        try (MockServer target = healthyMock()) {
            URI base = target.baseUrl();
            String url = "http://alice:" + PASSWORD + "@" + base.getHost() + ":" + base.getPort();
            Path file = dir.resolve("secret.yaml");
            Files.writeString(file, """
                    name: leak-check
                    duration: 1s
                    seed: 2
                    target: %s
                    request:
                      method: POST
                      path: /v1/messages
                      headers: { authorization: "Bearer ${STAMPEDE_TEST_TOKEN}" }
                      body: '{"note":"%s"}'
                      timeout: 2s
                    load: { rate: 40/s }
                    retry: { maxAttempts: 2, base: 10ms, cap: 20ms }
                    strategies: [full]
                    """.formatted(url, BODY_SECRET));
            Scenario scenario = ScenarioLoader.load(file, new HashSet<>(Strategies.names()), Map.of("STAMPEDE_TEST_TOKEN", SECRET));
            LiveEngine live = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start, LiveEngine.Settings.DEFAULT);
            try (MetricsEndpoint endpoint = MetricsEndpoint.start(MetricsAddress.parse("127.0.0.1:0"))) {
                RunMetrics runs = MetricsOptions.runMetrics(endpoint);
                RunResult result = RunCommand.engine(live, runs, false).run(scenario, "full", () -> false, (s, n, snapshots) -> {});
                String text = scrape(endpoint.url());
                assertTrue(result.attempts() > 0);
                assertTrue(text.contains("stampede_attempts_total{scenario=\"leak-check\",strategy=\"full\"} " + result.attempts() + ".0\n"),
                        "the scraped counter is the result's attempts (" + result.attempts() + "):\n" + text);
                assertTrue(text.contains("stampede_requests_succeeded_total{scenario=\"leak-check\",strategy=\"full\"} "
                        + result.requests().succeeded() + ".0\n"), text);
                for (String secret : List.of(SECRET, PASSWORD, "alice", BODY_SECRET, "/v1/messages", String.valueOf(base.getPort()))) {
                    assertFalse(text.contains(secret), "the endpoint shows '" + secret + "':\n" + text);
                }
            }
        }
    }

    @Test
    void aTakenMetricsPortEndsTheRunWithExit2BeforeAnyLoadIsSent() throws Exception {
        try (MockServer target = healthyMock();
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path file = dir.resolve("s.yaml");
            Files.writeString(file, """
                    name: s
                    duration: 1s
                    target: %s
                    request: { method: GET, path: /, timeout: 1s }
                    load: { rate: 50/s }
                    strategies: [none]
                    """.formatted(target.baseUrl()));
            CliHarness r = CliHarness.run("run", file.toString(), "--no-live", "--metrics", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
            assertTrue(r.err().contains("--metrics: cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
            assertEquals(0, target.received(), "nothing was sent");
        }
    }

    @Test
    void anUnparsableMetricsAddressOrALingerWithoutAnEndpointIsAUsageError() {
        CliHarness bad = CliHarness.run("run", "no-such.yaml", "--metrics", "localhost:http");
        assertEquals(ExitCode.USAGE, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--metrics: expected PORT, HOST:PORT or [IPv6]:PORT"), bad.err());
        CliHarness linger = CliHarness.run("run", "no-such.yaml", "--metrics-linger", "5s");
        assertEquals(ExitCode.USAGE, linger.exitCode(), linger.err());
        assertTrue(linger.err().contains("--metrics-linger needs --metrics"), linger.err());
        CliHarness lingerBad = CliHarness.run("run", "no-such.yaml", "--metrics", "0", "--metrics-linger", "soon");
        assertEquals(ExitCode.USAGE, lingerBad.exitCode(), lingerBad.err());
        assertTrue(lingerBad.err().contains("--metrics-linger:"), lingerBad.err());
    }

    @Test
    void simRefusesMetricsSayingWhy() {
        CliHarness r = CliHarness.run("sim", "no-such.yaml", "--metrics", "9464");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("virtual time"), r.err());
    }

    @Test
    void theMockCommandRefusesATakenMetricsPortBeforeServing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliHarness r = CliHarness.run("mock", "--port", "0", "--duration", "1s", "--metrics", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
            assertTrue(r.err().contains("cannot listen"), r.err());
            assertFalse(r.out().contains("listening on"), "the mock never started:\n" + r.out());
        }
    }

    @Test
    void theMockEndpointShowsTheMocksOwnCounts() throws Exception {
        try (MockServer mock = healthyMock();
             MetricsEndpoint endpoint = MetricsEndpoint.start(MetricsAddress.parse("127.0.0.1:0"));
             HttpClient client = HttpClient.newHttpClient()) {
            endpoint.add(new MockMetrics(mock::totals, mock::inService, () -> 0));
            for (int i = 0; i < 3; i++) {
                client.send(HttpRequest.newBuilder(mock.baseUrl().resolve("/x")).build(), HttpResponse.BodyHandlers.discarding());
            }
            String text = scrape(endpoint.url());
            assertTrue(text.contains("stampede_mock_received_total 3.0\n"), text);
            assertTrue(text.contains("stampede_mock_admitted_total 3.0\n"), text);
            assertTrue(text.contains("stampede_mock_shed_total 0.0\n"), text);
            assertTrue(text.contains("stampede_mock_forced_overloaded_total 0.0\n"), text);
            assertTrue(text.contains("stampede_mock_in_service 0.0\n"), text);
            assertTrue(text.contains("stampede_mock_queue_length 0.0\n"), "the queue hook, when given:\n" + text);
        }
    }
}
