package dev.stampede.scenario;

import java.time.Duration;

/** A service-time distribution for admitted requests. */
public sealed interface LatencySpec {

    /** Always {@code value}. */
    record Fixed(Duration value) implements LatencySpec {}

    /** Uniform in [{@code min}, {@code max}]. */
    record Uniform(Duration min, Duration max) implements LatencySpec {
        public Uniform {
            if (max.compareTo(min) < 0) throw new IllegalArgumentException("uniform max < min");
        }
    }

    /** Exponential with mean {@code mean}: memoryless service, the M in M/M/c (queueing theory's reference case). */
    record Exponential(Duration mean) implements LatencySpec {
        public Exponential {
            if (mean.isNegative()) throw new IllegalArgumentException("exponential mean < 0");
        }
    }

    /** Lognormal fitted so that its median is {@code p50} and its 99th percentile is {@code p99}. */
    record LogNormal(Duration p50, Duration p99) implements LatencySpec {
        public LogNormal {
            if (p99.compareTo(p50) < 0) throw new IllegalArgumentException("p99 < p50");
        }
    }

    /**
     * {@code base} plus {@code perKiB} for every KiB (1,024 bytes, fractions counted) of the request's body: a service
     * time that grows with the request's size (a longer prompt takes longer). The whole sum is scaled by a phase's
     * {@code latencyFactor}.
     */
    record Sized(LatencySpec base, Duration perKiB) implements LatencySpec {
        public Sized {
            java.util.Objects.requireNonNull(base, "base");
            if (base instanceof Sized) throw new IllegalArgumentException("a sized latency's base is a distribution");
            if (perKiB.isNegative()) throw new IllegalArgumentException("perKiB < 0");
        }
    }
}
