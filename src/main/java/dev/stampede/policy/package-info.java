/**
 * Client-side overload policies beyond backoff: retry budgets, adaptive throttling, circuit breakers,
 * a concurrency limiter, fallback chains and a quality gate, and {@link dev.stampede.policy.PolicyGates},
 * the one object an engine consults around each attempt.
 *
 * <p>Everything here is a pure state machine: no I/O, no threads of its own, no clock of its own. Every
 * time argument is nanoseconds on the caller's clock (monotonic in the live engine, virtual in the
 * simulator) and every random choice takes the caller's {@link java.util.random.RandomGenerator}. The
 * only blocking code is {@link dev.stampede.policy.BlockingConcurrencyLimiter}, the live engine's
 * adapter. It uses {@code dev.stampede.scenario} only ({@code ArchitectureTest} would allow {@code retry}
 * too); the engines ({@code load}, {@code sim}) consult it.
 */
package dev.stampede.policy;
