package dev.stampede.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge shard results exactly (histograms added, counters summed).")
public final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "Shard result JSON files.")
    List<Path> shards;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Merged result file.")
    Path output;

    @Override
    public Integer call() {
        throw new NotAvailableYet("merge");
    }
}
