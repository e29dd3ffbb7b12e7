package dev.stampede.sim;

import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.RequestSpec;
import dev.stampede.scenario.RetrySpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.scenario.SimSpec;
import dev.stampede.scenario.Target;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Small scenarios for the simulator's tests, built from the records (no YAML). */
final class SimScenarios {

    private SimScenarios() {}

    static final RetrySpec RETRY = new RetrySpec(4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ZERO, null,
            RetrySpec.DEFAULT_STATUSES, RetrySpec.DEFAULT_ERRORS, RetrySpec.RetryAfterMode.FLOOR, null, 0, null, null);

    /** The AWS blog's client: base 5 ms, cap 2 s, first plain sleep 2·base, retry 409 until it works. */
    static final RetrySpec AWS_RETRY = new RetrySpec(1000, Duration.ofMillis(5), Duration.ofSeconds(2), Duration.ZERO, null,
            Set.of(409), Set.of(ErrorKind.TIMEOUT), RetrySpec.RetryAfterMode.IGNORE, null, 1, null, null);

    static final SimSpec AWS_NETWORK = new SimSpec(new SimSpec.NetworkDelay.Normal(Duration.ofMillis(10), Duration.ofMillis(2)), null);

    static Scenario scenario(Duration duration, long seed, LoadSpec load, ServerSpec server, RetrySpec retry, SimSpec sim,
                             Duration timeout) {
        return new Scenario("test", "", duration, seed, Target.EMBEDDED, new RequestSpec("GET", "/", null, null, timeout),
                load, server, retry, null, null, sim, null, null);
    }

    static LoadSpec.Open open(double perSecond, Duration duration, int maxInFlight) {
        return new LoadSpec.Open(List.of(new LoadSpec.Stage(duration, new Rate(perSecond))), maxInFlight);
    }

    /** An unlimited server answering 200 after exactly {@code latency}. */
    static ServerSpec healthy(Duration latency) {
        return new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0, new LatencySpec.Fixed(latency), null, List.of());
    }

    /**
     * A server that sheds above {@code capacity}, and from 2 s to 4 s of the run misbehaves in every way a
     * phase can: forced 529s, 500s and 503s, resets and hangs.
     */
    static ServerSpec misbehaving(double capacityPerSecond) {
        PhaseSpec calm = PhaseSpec.HEALTHY;
        PhaseSpec storm = new PhaseSpec(Duration.ofSeconds(2), 0.2, 0.5, Duration.ofMillis(300),
                java.util.Map.of(500, 0.05, 503, 0.05), 0.05, 0.05, 2.0);
        PhaseSpec after = new PhaseSpec(Duration.ofSeconds(4), 0.0, 1.0, null, java.util.Map.of(), 0, 0, 1.0);
        Rate capacity = new Rate(capacityPerSecond);
        return new ServerSpec(ServerSpec.Model.CAPACITY, capacity, ServerSpec.defaultBurst(capacity), 64,
                new LatencySpec.LogNormal(Duration.ofMillis(20), Duration.ofMillis(120)), null, List.of(calm, storm, after));
    }

    static ServerSpec occ() {
        return new ServerSpec(ServerSpec.Model.OCC, null, 0, 0, null, null, List.of());
    }

    /** The AWS blog's experiment with {@code clients} clients. */
    static Scenario aws(int clients, long seed) {
        return scenario(Duration.ofMinutes(30), seed, new LoadSpec.Herd(clients, 1), occ(), AWS_RETRY, AWS_NETWORK,
                Duration.ofSeconds(10));
    }
}
