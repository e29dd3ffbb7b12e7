package dev.stampede.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true, description = "Compare a result against a baseline; exit 99 when a metric got worse beyond tolerance.")
public final class DiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASELINE")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT")
    Path current;

    @Option(names = "--tolerance", defaultValue = "10%", description = "Allowed worsening. Default: ${DEFAULT-VALUE}.")
    String tolerance;

    @Option(names = "--metric", split = ",", paramLabel = "LIST", description = "Metrics to compare (default: all).")
    List<String> metrics;

    @Override
    public Integer call() {
        throw new NotAvailableYet("diff");
    }
}
