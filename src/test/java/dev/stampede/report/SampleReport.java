package dev.stampede.report;

import java.nio.file.Path;

/** Writes the fixture comparison's HTML page, for looking at it: {@code SampleReport OUT.html}. */
final class SampleReport {
    public static void main(String[] args) throws Exception {
        HtmlReport.write(RecordedResults.comparison(), RecordedWorkload.PHASES, Path.of(args[0]));
    }
}
