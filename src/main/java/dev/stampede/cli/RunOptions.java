package dev.stampede.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by {@code run} and {@code sim} (a picocli mixin). */
public final class RunOptions {

    @Option(names = "--strategy", split = ",", paramLabel = "LIST",
            description = "Strategies or policies to compare, comma-separated (default: the scenario's, else none,equal,decorrelated,full).")
    public java.util.List<String> strategies;

    @Option(names = "--target", paramLabel = "URL", description = "Send to this base URL instead of the scenario's target.")
    public String target;

    @Option(names = "--duration", paramLabel = "D", description = "Override the scenario's duration (e.g. 30s, 2m).")
    public String duration;

    @Option(names = "--rate", paramLabel = "R", description = "Override the open model's rate with a constant rate (e.g. 400/s).")
    public String rate;

    @Option(names = "--clients", paramLabel = "N", description = "Override the closed or herd model's client count.")
    public Integer clients;

    @Option(names = "--seed", paramLabel = "S", description = "Override the scenario's seed.")
    public Long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the stampede.result/v1 JSON.")
    public Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report.")
    public Path html;

    @Option(names = "--hgrm", paramLabel = "DIR", description = "Write HdrHistogram percentile files (.hgrm) and interval logs (.hlog).")
    public Path hgrm;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML testsuite, one testcase per threshold.")
    public Path junit;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the per-interval timeline of every strategy as CSV.")
    public Path csv;

    @Option(names = "--quiet", description = "Print only the verdict and threshold failures.")
    public boolean quiet;

    @Option(names = "--no-live", description = "No live dashboard, even on a terminal.")
    public boolean noLive;

    @Option(names = "--shard", paramLabel = "I/N", description = "Run shard I of N (1/N of the load, shard-specific seed); merge with 'stampede merge'.")
    public String shard;

    /** {@code run --start-at TIME} (an option of {@code run} only: a simulation has no wall-clock start); null without it. */
    public String startAt;
}
