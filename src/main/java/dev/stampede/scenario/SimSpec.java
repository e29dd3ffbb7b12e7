package dev.stampede.scenario;

import java.time.Duration;

/**
 * Simulator settings ({@code sim:}).
 *
 * @param network  one-way delay of every message
 * @param interval timeline interval of simulated runs
 */
public record SimSpec(NetworkDelay network, Duration interval) {

    public static final SimSpec DEFAULT = new SimSpec(new NetworkDelay.Fixed(Duration.ofNanos(500_000)), Duration.ofMillis(100));

    public SimSpec {
        network = network == null ? DEFAULT_NETWORK : network;
        interval = interval == null ? Duration.ofMillis(100) : interval;
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
