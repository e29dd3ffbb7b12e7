package dev.stampede.retry;

import java.util.random.RandomGenerator;

/**
 * Two retry layers ({@code retry.inner}): every attempt of the {@code outer} policy is a whole retry loop of the
 * {@code inner} one — a wrapper (tenacity, a hand-written loop) around an SDK that keeps its own retries (the
 * Anthropic SDK's {@code max_retries=2}). After each HTTP attempt:
 * <ol>
 *   <li>a success ends the request;</li>
 *   <li>the inner layer decides: when it retries (the failure is one it retries and it has attempts left), the
 *       request waits the inner backoff and resends;</li>
 *   <li>otherwise (the inner layer gave up, for either reason) that last outcome ends the outer attempt, and the outer
 *       layer decides on it: a retry waits the outer backoff and starts a fresh inner loop; giving up ends the request
 *       with the outer layer's reason ({@code exhausted}, or {@code nonRetryable} for a failure the outer layer does
 *       not retry, even one the inner layer did).</li>
 * </ol>
 * So a server that answers 529 to everything gets outer × inner attempts (5 × 3 = 15 for tenacity around the SDK),
 * a failure only the outer layer retries gets the outer's attempts (a 400: 5), and one only the inner layer retries
 * gets the inner's (a timeout: 3). Each HTTP attempt is one attempt to the engines: counted, recorded, and seen by the
 * policy's gates (budget, breaker, throttle) like any other.
 *
 * <p>The state's {@code attempts} and {@code previousDelayNanos} are the outer layer's, its {@code inner} the inner
 * layer's. Thread-safe when both layers are.
 *
 * @param inner the layer inside each outer attempt
 * @param outer the layer around it; its attempts are calls of the inner loop
 */
public record NestedRetryPolicy(RetryPolicy inner, RetryPolicy outer) implements RetryPolicy {

    public NestedRetryPolicy {
        java.util.Objects.requireNonNull(inner, "inner");
        java.util.Objects.requireNonNull(outer, "outer");
    }

    /** The outer layer's name: the report row stays the policy's. */
    @Override public String name() { return outer.name(); }

    @Override public RetryState start() {
        return outer.start().withInner(inner.start());
    }

    @Override public Decision decide(RetryState state, AttemptOutcome outcome, RandomGenerator rng, long nowNanos) {
        if (outcome.isSuccess()) return Decision.SUCCEED;
        RetryState innerState = state.inner() == null ? inner.start() : state.inner();
        if (inner.decide(innerState, outcome, rng, nowNanos) instanceof Decision.Retry r) {
            return new Decision.Retry(r.delayNanos(), state.withInner(r.next()));
        }
        RetryState outerState = state.withInner(null);
        return switch (outer.decide(outerState, outcome, rng, nowNanos)) {
            case Decision.Retry r -> new Decision.Retry(r.delayNanos(), r.next().withInner(inner.start()));
            case Decision.GiveUp g -> g;
            case Decision.Succeed s -> s;
        };
    }
}
