package dev.stampede.exposition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.ServerView;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.scenario.ErrorKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/grafana/stampede-dashboard.json asks only for series the endpoint serves (the PromQL itself is checked
 * against a real Prometheus by scripts/bench/prometheus-check.sh).
 */
class DashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\bstampede_[a-z_]+");

    @Test
    void everyMetricTheDashboardQueriesIsOneTheEndpointServes() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(Path.of("scripts/grafana/stampede-dashboard.json").toFile());
        Set<String> asked = new TreeSet<>();
        for (JsonNode panel : dash.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.get("expr").asText());
                while (m.find()) asked.add(m.group());
            }
        }
        assertFalse(asked.isEmpty(), "the dashboard has queries");

        RunRecorder r = new RunRecorder(new RunRecorder.Config("full", 1_000_000_000L, List.of(), false, 0));
        // an error kind's series appears once an attempt ended with it
        r.attemptSent(0);
        r.attemptDone(1_000_000L, AttemptOutcome.error(ErrorKind.TIMEOUT), 1_000_000L);
        RunMetrics runs = new RunMetrics();
        runs.started("s", List.of(r));
        MockMetrics mock = new MockMetrics(() -> new ServerView(0, 0, 0, 0, Map.of(500, 1L), 0, 0, List.of()), () -> 0, () -> 0);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(MetricsAddress.parse("127.0.0.1:0"))) {
            endpoint.add(runs);
            endpoint.add(mock);
            String text = RunMetricsTest.scrape(endpoint);
            Set<String> served = new TreeSet<>();
            text.lines().filter(l -> l.startsWith("stampede_")).forEach(l -> served.add(l.replaceAll("[{ ].*", "")));
            Set<String> missing = new TreeSet<>(asked);
            missing.removeAll(served);
            assertEquals(Set.of(), missing, "queried but never served; served: " + served);
        }
    }

    @Test
    void theDashboardIsSelfContainedForImport() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(Path.of("scripts/grafana/stampede-dashboard.json").toFile());
        assertTrue(dash.path("uid").isTextual() && dash.path("title").isTextual());
        assertTrue(dash.path("__inputs").isMissingNode(), "no import-time inputs: the data source is a dashboard variable");
        List<String> variables = dash.path("templating").path("list").findValuesAsText("name");
        assertEquals(List.of("datasource", "scenario", "strategy"), variables);
    }
}
