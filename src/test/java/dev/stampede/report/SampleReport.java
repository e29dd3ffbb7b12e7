package dev.stampede.report;

import java.nio.file.Path;

/**
 * Writes the fixture comparison, for looking at the page and for trying the commands by hand:
 * {@code SampleReport OUT.html [OUT.json]}.
 */
final class SampleReport {
    public static void main(String[] args) throws Exception {
        HtmlReport.write(RecordedResults.comparison(), RecordedWorkload.PHASES, Path.of(args[0]));
        if (args.length > 1) ResultJson.write(RecordedResults.comparison(), Path.of(args[1]));
    }
}
