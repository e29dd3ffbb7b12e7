package dev.stampede.policy;

/**
 * A retry budget: decides whether a retry may be sent, from what the client (or all clients sharing
 * the instance) did recently. Two kinds: token buckets ({@link TokenBucketBudget}, gRPC's
 * {@link GrpcRetryThrottle}, the AWS SDK's {@link AwsRetryQuota}) and a ratio of retries to requests
 * over a sliding window ({@link WindowedRetryBudget}, Finagle's).
 *
 * <p>The caller reports every event; each kind listens to the ones its source defines and ignores the
 * rest:
 * <ul>
 *   <li>{@link #onRequest} once per logical request, before its first attempt;</li>
 *   <li>{@link #onFailure} after every attempt that failed with a retryable status or error;</li>
 *   <li>{@link #tryRetry} before every retry: {@code true} means send it (the budget has been charged),
 *       {@code false} means give the request up with {@link Refusal#BUDGET};</li>
 *   <li>{@link #onFirstTrySuccess} / {@link #onRetrySuccess} when a request succeeds.</li>
 * </ul>
 *
 * <p>Thread safety: every implementation is safe to share between all clients of a run (thousands of
 * virtual threads): each call holds a private lock for a few arithmetic steps and never blocks inside
 * it. Use one instance per client for a per-client budget, one per run for a shared one.
 */
public sealed interface RetryBudget permits TokenBucketBudget, GrpcRetryThrottle, AwsRetryQuota, WindowedRetryBudget {

    /** A new logical request starts at {@code nowNanos}. */
    void onRequest(long nowNanos);

    /**
     * Asks for one retry after {@code cause}; on {@code true} the retry is charged.
     *
     * @param nowNanos caller's clock
     * @param cause    how the attempt being retried ended
     */
    boolean tryRetry(long nowNanos, AttemptFailure cause);

    /** An attempt failed with a status or error that counts as a failure. */
    void onFailure(long nowNanos, AttemptFailure failure);

    /** A request succeeded on its first attempt. */
    void onFirstTrySuccess(long nowNanos);

    /**
     * A request succeeded on a retry.
     *
     * @param retriedAfter how the attempt before the successful retry ended (the AWS quota refunds that retry's cost)
     */
    void onRetrySuccess(long nowNanos, AttemptFailure retriedAfter);

    /** Short description with the parameters, for reports: {@code tokenBucket(ratio 0.1, burst 100)}. */
    String describe();

    /** Immutable configuration of one budget kind. */
    sealed interface Spec permits TokenBucketBudget.Spec, GrpcRetryThrottle.Spec, AwsRetryQuota.Spec, WindowedRetryBudget.Spec {}

    /** A fresh budget (full, with an empty window) for {@code spec}. */
    static RetryBudget create(Spec spec) {
        return switch (spec) {
            case TokenBucketBudget.Spec s -> new TokenBucketBudget(s);
            case GrpcRetryThrottle.Spec s -> new GrpcRetryThrottle(s);
            case AwsRetryQuota.Spec s -> new AwsRetryQuota(s);
            case WindowedRetryBudget.Spec s -> new WindowedRetryBudget(s);
        };
    }
}
