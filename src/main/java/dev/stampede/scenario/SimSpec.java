package dev.stampede.scenario;

import java.time.Duration;

/**
 * Simulator settings ({@code sim:}).
 *
 * @param network  one-way delay of every message
 * @param interval timeline interval of simulated runs, or {@code null} when the scenario gives none (then
 *                 {@link #intervalFor(Duration)} chooses it from the run's length)
 */
public record SimSpec(NetworkDelay network, Duration interval) {

    public static final SimSpec DEFAULT = new SimSpec(new NetworkDelay.Fixed(Duration.ofNanos(500_000)), null);

    /** The default interval of runs up to {@link #LONG_RUN}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    /** Runs longer than this get 1 s intervals unless the scenario sets {@code sim.interval}: no 100 ms series for hours. */
    public static final Duration LONG_RUN = Duration.ofHours(1);

    public SimSpec {
        network = network == null ? DEFAULT_NETWORK : network;
    }

    /** The interval given, or the default for runs of any length: 100 ms. */
    @Override
    public Duration interval() {
        return interval == null ? DEFAULT_INTERVAL : interval;
    }

    /**
     * The timeline interval of a run of {@code runLength}: the scenario's {@code sim.interval} when given, else
     * 100 ms up to an hour and 1 s beyond (a 16 h run at 100 ms would keep 576,000 intervals of every series).
     */
    public Duration intervalFor(Duration runLength) {
        if (interval != null) return interval;
        return runLength.compareTo(LONG_RUN) > 0 ? Duration.ofSeconds(1) : DEFAULT_INTERVAL;
    }

    private static final NetworkDelay DEFAULT_NETWORK = new NetworkDelay.Fixed(Duration.ofNanos(500_000));

    /** The wire, in the simulator. */
    public sealed interface NetworkDelay {
        /** Always {@code delay}. */
        record Fixed(Duration delay) implements NetworkDelay {}

        /** |Normal(mean, sd)| per message, as the AWS blog's simulation. */
        record Normal(Duration mean, Duration sd) implements NetworkDelay {}
    }
}
