package dev.stampede.exposition;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run collector over a recorder fed by hand (times are nanoseconds of run time; no clock involved). */
class RunMetricsTest {

    private static final long MS = 1_000_000L;

    /** Two requests: one succeeds after a 529 and a retry, one fails on a timeout; one request still backing off. */
    private static RunRecorder recorded() {
        RunRecorder r = new RunRecorder(new RunRecorder.Config("full", 1_000_000_000L, List.of(), false, 10));
        r.arrival(0);
        r.attemptSent(0);
        r.attemptDone(4 * MS, AttemptOutcome.status(529), 4 * MS);
        r.backoffBegins(4 * MS);
        r.backoffEnds(50 * MS);
        r.attemptSent(50 * MS);
        r.attemptDone(70 * MS, AttemptOutcome.status(200), 20 * MS);
        r.requestDone(70 * MS, null, 70 * MS, 70 * MS);
        r.arrival(100 * MS);
        r.attemptSent(100 * MS);
        r.attemptDone(2100 * MS, AttemptOutcome.error(ErrorKind.TIMEOUT), 2000 * MS);
        r.requestDone(2100 * MS, FailureReason.NON_RETRYABLE, 2000 * MS, 2000 * MS);
        r.arrival(2200 * MS);
        r.attemptSent(2200 * MS);
        r.attemptDone(2300 * MS, AttemptOutcome.status(503), 100 * MS);
        r.backoffBegins(2300 * MS);
        return r;
    }

    static String scrape(MetricsEndpoint endpoint) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(endpoint.url()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body();
        }
    }

    @Test
    void aScrapeShowsTheRecordersCountsUnderPrometheusNamesWithScenarioAndStrategyLabels() throws Exception {
        RunMetrics runs = new RunMetrics();
        runs.started("demo", List.of(recorded()));
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(MetricsAddress.parse("127.0.0.1:0"))) {
            endpoint.add(runs);
            String text = scrape(endpoint);
            String l = "{scenario=\"demo\",strategy=\"full\"}";
            assertTrue(text.contains("stampede_requests_started_total" + l + " 3.0"), text);
            assertTrue(text.contains("stampede_requests_succeeded_total" + l + " 1.0"), text);
            assertTrue(text.contains("stampede_requests_failed_total{reason=\"nonRetryable\",scenario=\"demo\",strategy=\"full\"} 1.0"), text);
            assertTrue(text.contains("stampede_attempts_total" + l + " 4.0"), text);
            assertTrue(text.contains("stampede_attempts_overloaded_total" + l + " 1.0"), text);
            assertTrue(text.contains("stampede_attempt_responses_total{scenario=\"demo\",status_class=\"2xx\",strategy=\"full\"} 1.0"), text);
            assertTrue(text.contains("stampede_attempt_responses_total{scenario=\"demo\",status_class=\"5xx\",strategy=\"full\"} 2.0"), text);
            assertTrue(text.contains("stampede_attempt_errors_total{kind=\"timeout\",scenario=\"demo\",strategy=\"full\"} 1.0"), text);
            assertTrue(text.contains("stampede_retries_total" + l + " 2.0"), text);
            assertTrue(text.contains("stampede_attempts_in_flight" + l + " 0.0"), text);
            assertTrue(text.contains("stampede_requests_backing_off" + l + " 1.0"), text);
        }
    }

    @Test
    void latencyIsExposedAsCumulativeClassicBucketsInSeconds() throws Exception {
        RunMetrics runs = new RunMetrics();
        runs.started("demo", List.of(recorded()));
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(MetricsAddress.parse("127.0.0.1:0"))) {
            endpoint.add(runs);
            String text = scrape(endpoint);
            String b = "stampede_attempt_duration_seconds_bucket{scenario=\"demo\",strategy=\"full\",le=\"";
            // attempts of 4 ms, 20 ms, 2 s and 100 ms
            assertTrue(text.contains(b + "0.0025\"} 0\n"), text);
            assertTrue(text.contains(b + "0.005\"} 1\n"), text);
            assertTrue(text.contains(b + "0.025\"} 2\n"), text);
            assertTrue(text.contains(b + "0.1\"} 3\n"), text);
            assertTrue(text.contains(b + "2.5\"} 4\n"), text);
            assertTrue(text.contains(b + "+Inf\"} 4\n"), text);
            assertTrue(text.contains("stampede_attempt_duration_seconds_count{scenario=\"demo\",strategy=\"full\"} 4\n"), text);
            String sum = text.lines().filter(x -> x.startsWith("stampede_attempt_duration_seconds_sum")).findFirst().orElseThrow();
            assertEquals(2.124, Double.parseDouble(sum.substring(sum.lastIndexOf(' ') + 1)), 0.01, sum);
            String rb = "stampede_request_duration_seconds_bucket{scenario=\"demo\",strategy=\"full\",le=\"";
            assertTrue(text.contains(rb + "0.1\"} 1\n"), "requests of 70 ms and 2 s:\n" + text);
            assertTrue(text.contains(rb + "2.5\"} 2\n"), text);
        }
    }

    @Test
    void theSameRowStartedAgainReplacesItsSeriesInsteadOfDuplicatingThem() throws Exception {
        RunMetrics runs = new RunMetrics();
        runs.started("demo", List.of(recorded()));
        RunRecorder fresh = new RunRecorder(new RunRecorder.Config("full", 1_000_000_000L, List.of(), false, 10));
        fresh.arrival(0);
        runs.started("demo", List.of(fresh));
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(MetricsAddress.parse("127.0.0.1:0"))) {
            endpoint.add(runs);
            String text = scrape(endpoint);
            List<String> started = text.lines().filter(x -> x.startsWith("stampede_requests_started_total{")).toList();
            assertEquals(List.of("stampede_requests_started_total{scenario=\"demo\",strategy=\"full\"} 1.0"), started);
        }
    }

    @Test
    void statusKeysFallIntoTheirClassAndErrorKindsIntoNone() {
        assertEquals(1, RunMetrics.statusClass("200"));
        assertEquals(4, RunMetrics.statusClass("529"));
        assertEquals(3, RunMetrics.statusClass("429"));
        assertEquals(-1, RunMetrics.statusClass("timeout"));
        assertEquals(-2, RunMetrics.statusClass("999"));
    }

    @Test
    void aTakenAddressIsAnIoErrorAtStart() throws Exception {
        try (MetricsEndpoint first = MetricsEndpoint.start(MetricsAddress.parse("127.0.0.1:0"))) {
            int port = first.url().getPort();
            assertTrue(port > 0);
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> MetricsEndpoint.start(MetricsAddress.parse("127.0.0.1:" + port)).close());
            assertEquals(URI.create("http://127.0.0.1:" + port + "/metrics"), first.url());
        }
    }
}
