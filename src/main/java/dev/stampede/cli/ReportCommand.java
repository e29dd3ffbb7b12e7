package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.report.JunitReport;
import dev.stampede.report.OutputFiles;
import dev.stampede.report.ResultJson;
import dev.stampede.report.TextReport;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = ReportCommand.NAME, mixinStandardHelpOptions = true, description = ReportCommand.DESCRIPTION)
public final class ReportCommand implements Callable<Integer> {

    /** Its name and description, also read by the root's help without loading this class ({@link StampedeCommand}). */
    static final String NAME = "report";
    static final String DESCRIPTION = "Re-render saved results without running anything.";

    @Parameters(index = "0", paramLabel = "RESULT", description = "A stampede.result/v1 JSON file.")
    Path result;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report.")
    Path html;

    @Option(names = "--hgrm", paramLabel = "DIR", description = "Write HdrHistogram percentile files (.hgrm) and interval logs (.hlog).")
    Path hgrm;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML testsuite, one testcase per threshold.")
    Path junit;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the per-interval timeline of every strategy as CSV.")
    Path csv;

    @Option(names = "--format", defaultValue = "text", description = "text, json or junit. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "The scenario the result ran: the HTML then shades its scripted phases instead of inferring them.")
    Path scenario;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, ScenarioException {
        if (!format.equals("text") && !format.equals("json") && !format.equals("junit")) {
            throw new UserException("--format must be text, json or junit, got '" + format + "'");
        }
        Comparison comparison = ResultFiles.read(result, "RESULT");
        PrintWriter out = spec.commandLine().getOut();
        OutputFiles files = new OutputFiles(null, html, hgrm, junit, csv);
        if (files.any()) {
            List<PhaseSpec> phases = scenario == null || html == null ? null : ScenarioPhases.load(scenario, comparison);
            for (Path written : files.writeAll(comparison, phases)) spec.commandLine().getErr().println("wrote " + written);
        }
        switch (format) {
            case "json" -> out.print(ResultJson.toText(comparison));
            case "junit" -> JunitReport.render(comparison, out);
            default -> TextReport.render(comparison, out, false);
        }
        out.flush();
        return ExitCode.OK;
    }
}
