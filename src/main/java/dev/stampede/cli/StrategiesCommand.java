package dev.stampede.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "strategies", mixinStandardHelpOptions = true, description = "Print the formula of each strategy and its delay distribution per retry.")
public final class StrategiesCommand implements Callable<Integer> {

    @Option(names = "--base", defaultValue = "1s", description = "First backoff step. Default: ${DEFAULT-VALUE}.")
    String base;

    @Option(names = "--cap", defaultValue = "30s", description = "Largest delay. Default: ${DEFAULT-VALUE}.")
    String cap;

    @Option(names = "--attempts", defaultValue = "6", description = "Retries to tabulate. Default: ${DEFAULT-VALUE}.")
    int attempts;

    @Option(names = "--samples", defaultValue = "100000", description = "Draws per retry. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        throw new NotAvailableYet("strategies");
    }
}
