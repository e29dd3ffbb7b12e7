package dev.stampede.server;

import dev.stampede.scenario.LatencySpec;

import java.util.random.RandomGenerator;

/** Draws service times from a {@link LatencySpec}. Pure: the only state is the caller's random source. */
public final class ServiceTimes {

    /** z of the standard normal's 99th percentile: a lognormal fitted to p50 and p99 has sigma = ln(p99/p50) / Z99. */
    public static final double Z99 = 2.3263;

    private ServiceTimes() {}

    /**
     * One service time, in nanoseconds (>= 0), scaled by {@code latencyFactor}.
     * Fixed uses no random draw; Uniform and Exponential one {@code nextDouble}; LogNormal one {@code nextGaussian}
     * (mu = ln p50, sigma = (ln p99 − ln p50) / 2.3263).
     */
    public static long sampleNanos(LatencySpec spec, double latencyFactor, RandomGenerator rng) {
        return sampleNanos(spec, latencyFactor, rng, 0);
    }

    /**
     * One service time for a request whose body has {@code bodyBytes} bytes: the distribution's draw plus, for a
     * {@link LatencySpec.Sized} latency, {@code perKiB × bodyBytes / 1024}; the sum scaled by {@code latencyFactor}.
     * The draws are those of the base distribution (the size adds none).
     */
    public static long sampleNanos(LatencySpec spec, double latencyFactor, RandomGenerator rng, long bodyBytes) {
        double sized = 0;
        if (spec instanceof LatencySpec.Sized s) {
            sized = s.perKiB().toNanos() * (Math.max(0, bodyBytes) / 1024.0);
            spec = s.base();
        }
        double nanos = sized + switch (spec) {
            case LatencySpec.Fixed f -> f.value().toNanos();
            case LatencySpec.Uniform u -> {
                long min = u.min().toNanos();
                yield min + rng.nextDouble() * (u.max().toNanos() - min);
            }
            case LatencySpec.Exponential e -> -Math.log(1 - rng.nextDouble()) * e.mean().toNanos();
            case LatencySpec.LogNormal l -> {
                double mu = Math.log(Math.max(1, l.p50().toNanos()));
                double sigma = (Math.log(Math.max(1, l.p99().toNanos())) - mu) / Z99;
                yield Math.exp(mu + sigma * rng.nextGaussian());
            }
            case LatencySpec.Sized s -> throw new IllegalArgumentException("a sized latency's base is a distribution");
        };
        double scaled = nanos * latencyFactor;
        if (!(scaled > 0)) return 0;
        return scaled >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(scaled);
    }
}
