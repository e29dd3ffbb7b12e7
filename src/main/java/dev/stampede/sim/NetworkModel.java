package dev.stampede.sim;

import dev.stampede.scenario.SimSpec.NetworkDelay;

import java.util.random.RandomGenerator;

/**
 * The wire in the simulator: the one-way delay of each message, in nanoseconds. {@code Fixed} is a
 * constant; {@code Normal} draws |Normal(mean, sd)| per message, as the AWS blog's simulation does.
 * Draws come from the injected generator only, so a seeded run repeats exactly.
 */
final class NetworkModel {

    private final long fixedNanos;
    private final double meanNanos;
    private final double sdNanos;
    private final boolean normal;
    private final RandomGenerator rng;

    NetworkModel(NetworkDelay spec, RandomGenerator rng) {
        this.rng = rng;
        switch (spec) {
            case NetworkDelay.Fixed f -> {
                fixedNanos = f.delay().toNanos();
                meanNanos = fixedNanos;
                sdNanos = 0;
                normal = false;
            }
            case NetworkDelay.Normal n -> {
                fixedNanos = n.mean().toNanos();
                meanNanos = n.mean().toNanos();
                sdNanos = n.sd().toNanos();
                normal = sdNanos > 0;
            }
        }
    }

    /** One message's delay, {@code >= 0}. */
    long delayNanos() {
        if (!normal) return fixedNanos;
        return Math.round(Math.abs(rng.nextGaussian(meanNanos, sdNanos)));
    }
}
