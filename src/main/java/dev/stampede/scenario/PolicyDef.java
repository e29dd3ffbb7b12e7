package dev.stampede.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A named client policy of a scenario ({@code policies:}): a backoff strategy with its {@code retry:}
 * settings, plus what decides <em>whether</em> a retry may go and <em>where</em> an attempt goes: a retry
 * budget, adaptive throttling, a circuit breaker, a concurrency limit, a fallback chain and a quality gate.
 * Every part beyond {@code strategy} and {@code retry} is optional ({@code null}, or an empty chain).
 *
 * <p>A bare strategy named in {@code strategies:} is the policy {@link Scenario#policy} builds from the
 * scenario's {@code retry:} block alone, so engines treat both the same way. This package depends on nothing
 * of ours; {@code policy.PolicySpec.from(PolicyDef)} turns the definition into the mechanisms' specs.
 *
 * @param name            row name in every report (a policy name, or the bare strategy's name)
 * @param strategy        the backoff strategy (as {@code stampede strategies} lists them)
 * @param retry           attempts, backoff bounds, what is retried, Retry-After: the scenario's {@code retry:}
 *                        with the policy's own {@code retry:} keys laid over it
 * @param budget          retry budget, or {@code null}
 * @param throttle        client-side adaptive throttling, or {@code null}
 * @param breaker         circuit breaker of the target and of every fallback tier without its own, or {@code null}
 * @param concurrency     self-throttling: attempts in flight at once, with a bounded queue; or {@code null}
 * @param fallback        fallback tiers tried in order after the run's own target; empty for none
 * @param qualityGate     a 2xx body that fails it counts as a failure and falls back; or {@code null}
 * @param fallbackPause   pause before the first attempt on a fallback tier (seed 004's 0.5 s); zero for none
 * @param failureStatuses statuses that count as failures for breakers and budgets (client errors always do)
 */
public record PolicyDef(
        String name,
        String strategy,
        RetrySpec retry,
        Budget budget,
        Throttle throttle,
        Breaker breaker,
        Concurrency concurrency,
        List<Tier> fallback,
        Gate qualityGate,
        Duration fallbackPause,
        Set<Integer> failureStatuses) {

    /** Whether a stateful part belongs to one client or is shared by all clients of a run (of one population). */
    public enum Scope { CLIENT, SHARED }

    /** A retry budget: one of four kinds, each per client or shared. */
    public sealed interface Budget {
        Scope scope();

        /** Token bucket {@code burst} deep, full at start: a retry spends 1, a success refills {@code ratio}. */
        record TokenBucket(double ratio, int burst, Scope scope) implements Budget {}

        /** gRPC retry throttling (gRFC A6): retries only while tokens &gt; maxTokens/2; failure −1, success +tokenRatio. */
        record Grpc(int maxTokens, double tokenRatio, Scope scope) implements Budget {}

        /** AWS SDK standard retry quota: a retry costs {@code retryCost} ({@code timeoutRetryCost} after a timeout). */
        record Aws(int capacity, int retryCost, int timeoutRetryCost, int noRetryIncrement, Scope scope) implements Budget {}

        /** Finagle: retries ≤ {@code percent}% of requests + {@code minPerSecond} × window, over a sliding window. */
        record Window(double percent, int minPerSecond, Duration window, Scope scope) implements Budget {}
    }

    /** Google SRE client-side adaptive throttling: reject locally with p = max(0, (requests − k·accepts)/(requests+1)). */
    public record Throttle(double k, Duration window, Scope scope) {}

    /** Open after {@code failures} consecutive failures, for {@code open}; then {@code probes} half-open calls decide. */
    public record Breaker(int failures, Duration open, int probes) {}

    /**
     * At most {@code limit} requests in flight at once; others wait in a FIFO queue of at most {@code queue}
     * for at most {@code maxWait} ({@code queueFull} / {@code limiterWait} otherwise).
     *
     * @param perAttempt {@code hold: attempt}: a request holds its slot only while an attempt is on the wire, gives it
     *                   back for every backoff wait and queues for it again before its retry; {@code false}
     *                   ({@code hold: request}, the default) holds it from start to end, backoff waits included
     */
    public record Concurrency(int limit, int queue, Duration maxWait, boolean perAttempt) {
        /** A cap held through backoff waits ({@code hold: request}). */
        public Concurrency(int limit, int queue, Duration maxWait) {
            this(limit, queue, maxWait, false);
        }
    }

    /**
     * A fallback tier.
     *
     * @param target  a path (appended to the run's base URL) or an absolute http(s) URL
     * @param breaker its own breaker, or {@code null} to use the policy's
     */
    public record Tier(String target, Breaker breaker) {}

    /**
     * A 2xx body passes when it is at least {@code minLength} chars long, contains {@code requiredMarker} and
     * does not contain {@code forbiddenMarker} (markers ignore case; {@code null} for none).
     */
    public record Gate(int minLength, String requiredMarker, String forbiddenMarker) {}

    public PolicyDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(retry, "retry");
        fallback = fallback == null ? List.of() : List.copyOf(fallback);
        fallbackPause = fallbackPause == null ? Duration.ZERO : fallbackPause;
        failureStatuses = failureStatuses == null ? retry.retryStatuses() : Set.copyOf(new TreeSet<>(failureStatuses));
    }

    /**
     * A bare strategy run with the scenario's {@code retry:} block: its {@code budget} (a per-client token
     * bucket) and {@code circuitBreaker} (one probe), nothing else.
     */
    public static PolicyDef bare(String strategy, RetrySpec retry) {
        Budget budget = retry.budget() == null ? null
                : new Budget.TokenBucket(retry.budget().ratio(), retry.budget().burst(), Scope.CLIENT);
        Breaker breaker = retry.circuitBreaker() == null ? null
                : new Breaker(retry.circuitBreaker().failures(), retry.circuitBreaker().open(), 1);
        return new PolicyDef(strategy, strategy, retry, budget, null, breaker, null, List.of(), null, Duration.ZERO, null);
    }

    /** True when the policy only backs off (no budget, throttle, breaker, limit, fallback or gate). */
    public boolean isBare() {
        return budget == null && throttle == null && breaker == null && concurrency == null && fallback.isEmpty()
                && qualityGate == null && fallbackPause.isZero();
    }
}
