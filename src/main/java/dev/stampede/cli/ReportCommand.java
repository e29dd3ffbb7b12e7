package dev.stampede.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Re-render saved results without running anything.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RESULT", description = "A stampede.result/v1 JSON file.")
    Path result;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report.")
    Path html;

    @Option(names = "--format", defaultValue = "text", description = "text, json or junit. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        throw new NotAvailableYet("report");
    }
}
