package dev.stampede.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "mock", mixinStandardHelpOptions = true, description = "Run the embedded overload mock as a standalone server.")
public final class MockCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "Scenario whose server: section to serve.")
    Path scenario;

    @Option(names = "--port", defaultValue = "8529", description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after this long (default: until Ctrl-C).")
    String duration;

    @Option(names = "--capacity", paramLabel = "R", description = "Without a scenario: admitted per second (e.g. 500/s).")
    String capacity;

    @Option(names = "--overload", paramLabel = "P", description = "Without a scenario: forced-529 probability in [0,1].")
    Double overload;

    @Option(names = "--retry-after", paramLabel = "D", description = "Without a scenario: Retry-After on 529s.")
    String retryAfter;

    @Override
    public Integer call() {
        throw new NotAvailableYet("mock");
    }
}
