package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.Comparison.ThresholdResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JunitReportTest {

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void theSuiteIsWellFormedWithOneTestcasePerThresholdAndFailuresForTheFailedOnes(@TempDir Path dir) throws Exception {
        Comparison c = RecordedResults.comparison();
        Path file = dir.resolve("junit/stampede.xml");
        JunitReport.write(c, file);
        Document doc = parse(file);
        Element suite = doc.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(c.thresholds().size(), cases.getLength(), "one testcase per threshold");
        long failed = c.thresholds().stream().filter(t -> !t.pass()).count();
        assertTrue(failed > 0 && failed < c.thresholds().size(), "the fixture should have passing and failing thresholds, failed=" + failed);
        assertEquals(Long.toString(failed), suite.getAttribute("failures"));
        assertEquals(Integer.toString(c.thresholds().size()), suite.getAttribute("tests"));
        for (int i = 0; i < cases.getLength(); i++) {
            ThresholdResult t = c.thresholds().get(i);
            Element tc = (Element) cases.item(i);
            NodeList failures = tc.getElementsByTagName("failure");
            assertEquals(t.pass() ? 0 : 1, failures.getLength(), "testcase " + tc.getAttribute("name") + " pass=" + t.pass());
            if (!t.pass()) {
                String message = ((Element) failures.item(0)).getAttribute("message");
                Metric m = Metric.fromKey(t.metric());
                for (String part : List.of(t.strategy(), t.metric(), m.format(t.value()), m.format(t.actual()))) {
                    assertTrue(message.contains(part), "failure message should name '" + part + "': " + message);
                }
            }
        }
    }

    @Test
    void markupInNamesIsEscapedAndTheDocumentStillParses(@TempDir Path dir) throws Exception {
        String nasty = "a<b>&\"c'\u0001]]>";
        Comparison base = RecordedResults.comparison();
        Comparison c = new Comparison("x & <y>", base.scenarioFile(), base.scenarioSha256(), base.mode(), base.target(), base.seed(),
                base.startedAt(), base.runs(), List.of(new ThresholdResult(nasty, "p99", "<", 35000, 41234.5, false)), false);
        Path file = dir.resolve("junit.xml");
        JunitReport.write(c, file);
        Element tc = (Element) parse(file).getElementsByTagName("testcase").item(0);
        assertEquals("a<b>&\"c'\uFFFD]]>: p99 < 35000 ms", tc.getAttribute("name"));
        String message = ((Element) tc.getElementsByTagName("failure").item(0)).getAttribute("message");
        assertEquals("a<b>&\"c'\uFFFD]]>: p99 was 41234.5 ms, limit < 35000 ms", message);
    }

    @Test
    void aRunWithoutThresholdsIsAnEmptySuite(@TempDir Path dir) throws Exception {
        Comparison base = RecordedResults.comparison();
        Comparison c = new Comparison(base.scenarioName(), base.scenarioFile(), base.scenarioSha256(), base.mode(), base.target(),
                base.seed(), base.startedAt(), base.runs(), List.of(), false);
        Path file = dir.resolve("junit.xml");
        JunitReport.write(c, file);
        Element suite = parse(file).getDocumentElement();
        assertEquals("0", suite.getAttribute("tests"));
        assertEquals(0, suite.getElementsByTagName("testcase").getLength());
    }
}
