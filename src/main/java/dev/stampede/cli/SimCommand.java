package dev.stampede.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sim", mixinStandardHelpOptions = true, description = "Run the scenario in virtual time (no network, no sleeping); scales to millions of clients.")
public final class SimCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario YAML file.")
    Path scenario;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        throw new NotAvailableYet("sim");
    }
}
