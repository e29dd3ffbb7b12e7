package dev.stampede.retry;

import dev.stampede.scenario.RetrySpec;
import dev.stampede.scenario.Suggestions;

import java.util.List;

/**
 * The strategies stampede knows, by name: their backoffs and their retry policies.
 * <ul>
 *   <li>{@code none}, {@code equal}, {@code decorrelated}, {@code full}: the AWS blog's four (docs/strategies.md);</li>
 *   <li>{@code additive}: seed 001's {@code base·2^n + U(0, additiveJitter)};</li>
 *   <li>{@code decorrelated-v2}: Polly's {@code DecorrelatedJitterBackoffV2} ({@link DecorrelatedJitterV2});</li>
 *   <li>{@code grpc}: gRFC A6, at most 5 attempts whatever the scenario says;</li>
 *   <li>{@code sdk}: the Anthropic TypeScript SDK — its own backoff, status set, {@code x-should-retry}, hint
 *       window and default of 3 attempts; only {@code maxAttempts} (when the scenario sets it), {@code min} and
 *       {@code attemptOffset} come from the scenario (docs/strategies.md lists each rule and its source).</li>
 * </ul>
 * Stateless; every method is thread-safe.
 */
public final class Strategies {

    private static final List<String> NAMES =
            List.of("none", "equal", "decorrelated", "full", "additive", "decorrelated-v2", "grpc", "sdk");

    /** gRFC A6: "maxAttempts … values greater than 5 are treated as 5". */
    public static final int GRPC_MAX_ATTEMPTS = 5;

    /** The TypeScript SDK's {@code maxRetries} default, 2 (client.ts, {@code BaseAnthropic} constructor), plus the first attempt. */
    public static final int SDK_MAX_ATTEMPTS = 3;

    private Strategies() {}

    /** Every strategy name, in a stable order: the AWS four first, then the others. */
    public static List<String> names() { return NAMES; }

    /**
     * @throws IllegalArgumentException naming the nearest known strategy, when {@code name} is unknown
     */
    public static Backoff backoff(String name, RetrySpec spec) {
        BackoffShape shape = BackoffShape.of(spec);
        return switch (known(name)) {
            case "none" -> new NoJitter(shape);
            case "equal" -> new EqualJitter(shape);
            case "decorrelated" -> new DecorrelatedJitter(shape);
            case "full" -> new FullJitter(shape);
            case "additive" -> new AdditiveJitter(shape, spec.additiveJitter().toNanos());
            case "decorrelated-v2" -> new DecorrelatedJitterV2(shape);
            case "grpc" -> new GrpcBackoff(shape, GrpcBackoff.DEFAULT_MULTIPLIER);
            case "sdk" -> SdkBackoff.of(shape);
            default -> throw new AssertionError(name);
        };
    }

    /**
     * The retry policy of a report row: its strategy with its {@code retry:} settings, wrapped in a {@link SharedBackoff}
     * (with the row's {@code retry.base} and {@code retry.cap}) when the row's policy says {@code sharedBackoff}. Holds
     * run state in that case: call it once per run and population.
     */
    public static RetryPolicy forRow(dev.stampede.scenario.PolicyDef row) {
        RetryPolicy policy = oneLayer(row.strategy(), row.retry());
        // the shared backoff is the wrapper's (the outer layer's); an inner layer (the SDK's) keeps its own
        if (row.sharedBackoff()) policy = new SharedBackoff(policy, row.retry().base(), row.retry().cap());
        return nest(row.retry(), policy);
    }

    /**
     * The policy a client of strategy {@code name} follows under {@code spec}: with {@code spec.inner()}, a
     * {@link NestedRetryPolicy} whose every attempt is a retry loop of the inner layer's strategy and settings.
     *
     * @throws IllegalArgumentException naming the nearest known strategy, when {@code name} is unknown
     */
    public static RetryPolicy policy(String name, RetrySpec spec) {
        return nest(spec, oneLayer(name, spec));
    }

    private static RetryPolicy nest(RetrySpec spec, RetryPolicy outer) {
        RetrySpec.Inner inner = spec.inner();
        return inner == null ? outer : new NestedRetryPolicy(oneLayer(inner.strategy(), inner.retry()), outer);
    }

    private static RetryPolicy oneLayer(String name, RetrySpec spec) {
        Backoff backoff = backoff(name, spec);
        return switch (backoff.name()) {
            case "sdk" -> new StandardRetryPolicy("sdk", backoff, spec.maxAttemptsSet() ? spec.maxAttempts() : SDK_MAX_ATTEMPTS,
                    RetryOn.SDK, HintRule.SdkWindow.SDK);
            case "grpc" -> new StandardRetryPolicy("grpc", backoff, Math.min(spec.maxAttempts(), GRPC_MAX_ATTEMPTS),
                    RetryOn.of(spec), HintRule.of(spec));
            default -> StandardRetryPolicy.of(spec, backoff);
        };
    }

    /**
     * Each template's retry policy for {@code row}: the row's, with the template's own retry keys laid over it
     * (scenario &lt; policy &lt; request template &lt; fallback tier); {@code null} when no template has any.
     */
    public static List<RetryPolicy> templatePolicies(dev.stampede.scenario.PolicyDef row, dev.stampede.scenario.RequestMix mix) {
        if (mix.templates().stream().allMatch(t -> t.retry() == null)) return null;
        RetryPolicy own = policy(row.strategy(), row.retry());
        return mix.templates().stream()
                .map(t -> t.retry() == null ? own : policy(row.strategy(), t.retry().over(row.retry())))
                .toList();
    }

    private static String known(String name) {
        if (name != null && NAMES.contains(name)) return name;
        String nearest = Suggestions.closest(String.valueOf(name), NAMES);
        throw new IllegalArgumentException("unknown strategy '" + name + "'; did you mean '" + nearest + "'? Known: "
                + String.join(", ", NAMES));
    }
}
