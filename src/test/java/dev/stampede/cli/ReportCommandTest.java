package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.report.RecordedResults;
import dev.stampede.report.ResultJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
    void anUnknownFormatIsAUsageError() {
        CliHarness r = CliHarness.run("report", json.toString(), "--format", "pdf");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("text, json or junit"), r.err());
    }
}
