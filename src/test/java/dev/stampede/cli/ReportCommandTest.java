package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.report.RecordedResults;
import dev.stampede.report.ResultJson;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest {

    @TempDir
    static Path dir;
    private static Comparison saved;
    private static Path json;

    @BeforeAll
    static void saveTheLaunchSpikeResult() throws Exception {
        saved = RecordedResults.small();
        json = dir.resolve("result.json");
        ResultJson.write(saved, json);
    }

    @Test
    void reportReRendersTheTextComparisonFromASavedJson() {
        CliHarness r = CliHarness.run("report", json.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        for (String strategy : new String[] {"none", "full"}) {
            assertTrue(r.out().contains(strategy), "the table should list " + strategy + ":\n" + r.out());
        }
        assertTrue(r.out().contains("launch-spike"), r.out());
    }

    @Test
    void formatJsonReEmitsTheSameDocument() throws Exception {
        CliHarness r = CliHarness.run("report", json.toString(), "--format", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        Comparison again = ResultJson.parse(r.out());
        assertEquals(ResultJson.toText(saved), ResultJson.toText(again), "json re-emitted unchanged");
    }

    @Test
    void formatJunitPrintsAWellFormedSuiteOnStandardOutput() throws Exception {
        CliHarness r = CliHarness.run("report", json.toString(), "--format", "junit");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals(saved.thresholds().size(), doc.getElementsByTagName("testcase").getLength(), "one testcase per threshold");
    }

    @Test
    void htmlIsWrittenBesideTheTextReport() throws Exception {
        Path html = dir.resolve("pages/report.html");
        CliHarness r = CliHarness.run("report", json.toString(), "--html", html.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("launch-spike"), "expected the HTML page with charts at " + html);
    }

    @Test
    void theOtherOutputFilesCanBeReRenderedToo() throws Exception {
        Path hgrm = dir.resolve("again/hgrm");
        Path csv = dir.resolve("again/timeline.csv");
        Path junit = dir.resolve("again/junit.xml");
        CliHarness r = CliHarness.run("report", json.toString(), "--hgrm", hgrm.toString(), "--csv", csv.toString(),
                "--junit", junit.toString(), "--format", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(hgrm.resolve("full.request.hgrm")), "hgrm files in " + hgrm);
        assertEquals(saved.runs().stream().mapToInt(x -> x.timeline().size()).sum() + 1, Files.readAllLines(csv).size(), "CSV rows");
        assertTrue(Files.readString(junit).contains("<testsuite"), "JUnit file");
        assertTrue(r.err().contains("wrote " + csv), "each written file is named on stderr, stdout stays the JSON:\n" + r.err());
    }

    @Test
    void aMissingOrForeignFileIsAUsageErrorThatNamesIt() throws Exception {
        CliHarness missing = CliHarness.run("report", dir.resolve("nope.json").toString());
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertTrue(missing.err().contains("nope.json"), missing.err());
        Path foreign = Files.writeString(dir.resolve("foreign.json"), "{\"schema\":\"k6/summary\"}");
        CliHarness wrong = CliHarness.run("report", foreign.toString());
        assertEquals(ExitCode.USAGE, wrong.exitCode());
        assertTrue(wrong.err().contains("foreign.json"), wrong.err());
    }

    @Test
    void withItsScenarioTheHtmlShadesTheScriptedPhasesInsteadOfInferringThem() throws Exception {
        Path yaml = Files.writeString(dir.resolve("launch-spike.yaml"), """
                name: launch-spike
                duration: 60s
                load: { rate: 50/s }
                server:
                  phases:
                    - { at: 0s,  overload: 0.0004 }
                    - { at: 10s, overload: 1.0 }
                    - { at: 11s, overload: 0.03, capacityFactor: 0.75, retryAfter: 5s }
                    - { at: 40s, overload: 0.009, capacityFactor: 1.0 }
                    - { at: 50s, overload: 0.0004 }
                """);
        String sha = ScenarioLoader.load(yaml, ValidateCommand.KNOWN_STRATEGIES, Map.of()).sha256();
        Path matching = dir.resolve("matching.json");
        ResultJson.write(new Comparison(saved.scenarioName(), yaml.toString(), sha, saved.mode(), saved.target(), saved.seed(),
                saved.startedAt(), saved.runs(), saved.thresholds(), false), matching);
        Path html = dir.resolve("phases.html");
        CliHarness r = CliHarness.run("report", matching.toString(), "--html", html.toString(), "--scenario", yaml.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<li><b>P2</b> 11–40 s: 529 30/1000 · capacity ×0.75 · Retry-After 5s</li>"),
                "expected the scripted phases listed and shaded");

        CliHarness wrong = CliHarness.run("report", json.toString(), "--html", html.toString(), "--scenario", yaml.toString());
        assertEquals(ExitCode.USAGE, wrong.exitCode(), "the saved result ran another scenario (sha256 differs)");
        assertTrue(wrong.err().contains("not the scenario"), wrong.err());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CliHarness r = CliHarness.run("report", json.toString(), "--format", "pdf");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("text, json or junit"), r.err());
    }
}
