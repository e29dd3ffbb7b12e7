package dev.stampede.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stampede.retry.Backoff;
import dev.stampede.retry.DelayStats;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Durations;
import dev.stampede.scenario.RetrySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = StrategiesCommand.NAME, mixinStandardHelpOptions = true, description = StrategiesCommand.DESCRIPTION)
public final class StrategiesCommand implements Callable<Integer> {

    /** Its name and description, also read by the root's help without loading this class ({@link StampedeCommand}). */
    static final String NAME = "strategies";
    static final String DESCRIPTION = "Print the formula of each strategy and its delay distribution per retry.";

    /** Bounds the memory (two longs per sample) and the time of one invocation. */
    static final int MAX_SAMPLES = 10_000_000;
    static final int MAX_ATTEMPTS = 64;

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

    @Spec
    CommandSpec spec;

    /** One strategy's row group, as printed in JSON. */
    record StrategyJson(String name, String formula, List<AttemptJson> attempts) {}

    /** One retry's distribution in milliseconds, as printed in JSON. */
    record AttemptJson(int attempt, double minMs, double meanMs, double p50Ms, double p99Ms, double maxMs) {
        static AttemptJson of(DelayStats s) {
            return new AttemptJson(s.retry(), ms(s.minNanos()), ms(s.meanNanos()), ms(s.p50Nanos()), ms(s.p99Nanos()), ms(s.maxNanos()));
        }
    }

    record Output(List<StrategyJson> strategies) {}

    @Override
    public Integer call() throws JsonProcessingException {
        Duration baseDelay = duration("--base", base);
        Duration capDelay = duration("--cap", cap);
        if (capDelay.compareTo(baseDelay) < 0) {
            throw new UserException("--cap must be >= --base (got --cap " + cap + " < --base " + base + ")");
        }
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw new UserException("--attempts must be between 1 and " + MAX_ATTEMPTS + ", got " + attempts);
        }
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new UserException("--samples must be between 1 and " + MAX_SAMPLES + ", got " + samples);
        }
        RetrySpec retry = new RetrySpec(RetrySpec.DEFAULT.maxAttempts(), baseDelay, capDelay, Duration.ZERO,
                RetrySpec.DEFAULT.additiveJitter(), RetrySpec.DEFAULT_STATUSES, RetrySpec.DEFAULT_ERRORS,
                RetrySpec.RetryAfterMode.FLOOR, RetrySpec.DEFAULT.retryAfterCap(), 0, null, null);
        List<StrategyJson> rows = Strategies.names().stream().map(name -> {
            Backoff backoff = Strategies.backoff(name, retry);
            // A fresh generator per strategy: each strategy's figures do not depend on which ran before it.
            List<AttemptJson> perRetry = DelayStats.sample(backoff, attempts, samples, new SplittableRandom(seed))
                    .stream().map(AttemptJson::of).toList();
            return new StrategyJson(name, backoff.formula(), perRetry);
        }).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(new Output(rows)));
        } else {
            printTable(out, rows, baseDelay, capDelay);
        }
        out.flush();
        return ExitCode.OK;
    }

    private void printTable(PrintWriter out, List<StrategyJson> rows, Duration baseDelay, Duration capDelay) {
        out.printf("Delay before each retry: base %s, cap %s, %d requests of %d retries, seed %d.%n",
                Durations.format(baseDelay), Durations.format(capDelay), samples, attempts, seed);
        out.println("Milliseconds; percentiles are exact (nearest rank over the sorted samples); retry counts from 0.");
        String columns = "  %5s %10s %10s %10s %10s %10s%n";
        for (StrategyJson row : rows) {
            out.println();
            out.printf("%s: %s%n", row.name(), row.formula());
            out.printf(columns, "retry", "min", "mean", "p50", "p99", "max");
            for (AttemptJson a : row.attempts()) {
                out.printf(columns, a.attempt(), fmt(a.minMs()), fmt(a.meanMs()), fmt(a.p50Ms()), fmt(a.p99Ms()), fmt(a.maxMs()));
            }
        }
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }

    /** Milliseconds, rounded to the microsecond: finer digits are noise to a reader. */
    private static double ms(double nanos) { return Math.round(nanos / 1e3) / 1e3; }

    private static String fmt(double ms) { return String.format(Locale.ROOT, "%.1f", ms); }
}
