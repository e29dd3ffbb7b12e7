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
 * @param fallbackOnStatuses statuses that move to the next fallback tier at once, without retrying on the tier
 * @param fallbackOnErrors   client error kinds that do the same
 * @param failureErrors      client error kinds that count as failures for breakers and budgets; {@code null} for all
 * @param sharedBackoff      one backoff for every request of the run (seed 004 option 3): {@code retry.base} doubling to
 *                           {@code retry.cap} per retry, reset by any success
 * @param routing         routing that follows signals ({@code routing:}), or {@code null}
 * @param cost            the price of an attempt on the run's own target (tier 0), or {@code null} for none
 * @param workQueue       a work queue served by its own workers with one shared backoff (seed 004 option 3), or
 *                        {@code null}
 * @param fallbackAfter   what the last attempt of a tier whose retries ran out must have failed with for the request to
 *                        move to the next tier (seed 002's fix 3: 529); {@code null} for anything
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
        Set<Integer> failureStatuses,
        Set<Integer> fallbackOnStatuses,
        Set<ErrorKind> fallbackOnErrors,
        Set<ErrorKind> failureErrors,
        boolean sharedBackoff,
        Routing routing,
        Cost cost,
        WorkQueue workQueue,
        Outcomes fallbackAfter) {

    /** A policy without {@code fallbackAfter}. */
    public PolicyDef(String name, String strategy, RetrySpec retry, Budget budget, Throttle throttle, Breaker breaker,
                     Concurrency concurrency, List<Tier> fallback, Gate qualityGate, Duration fallbackPause,
                     Set<Integer> failureStatuses, Set<Integer> fallbackOnStatuses, Set<ErrorKind> fallbackOnErrors,
                     Set<ErrorKind> failureErrors, boolean sharedBackoff, Routing routing, Cost cost, WorkQueue workQueue) {
        this(name, strategy, retry, budget, throttle, breaker, concurrency, fallback, qualityGate, fallbackPause,
                failureStatuses, fallbackOnStatuses, fallbackOnErrors, failureErrors, sharedBackoff, routing, cost, workQueue,
                null);
    }

    /** Statuses and client error kinds (a list such as {@code [529, connect]}). */
    public record Outcomes(Set<Integer> statuses, Set<ErrorKind> errors) {
        public Outcomes {
            statuses = statuses == null ? Set.of() : Set.copyOf(new TreeSet<>(statuses));
            errors = errors == null || errors.isEmpty() ? Set.of() : Set.copyOf(java.util.EnumSet.copyOf(errors));
        }
    }

    /** A policy without a work queue. */
    public PolicyDef(String name, String strategy, RetrySpec retry, Budget budget, Throttle throttle, Breaker breaker,
                     Concurrency concurrency, List<Tier> fallback, Gate qualityGate, Duration fallbackPause,
                     Set<Integer> failureStatuses, Set<Integer> fallbackOnStatuses, Set<ErrorKind> fallbackOnErrors,
                     Set<ErrorKind> failureErrors, boolean sharedBackoff, Routing routing, Cost cost) {
        this(name, strategy, retry, budget, throttle, breaker, concurrency, fallback, qualityGate, fallbackPause,
                failureStatuses, fallbackOnStatuses, fallbackOnErrors, failureErrors, sharedBackoff, routing, cost, null, null);
    }

    /**
     * A work queue in front of the target (seed 004 option 3, {@code workQueue:}): a request waits in a FIFO queue of
     * {@code size} (a full queue refuses it at once, {@code queueFull}); {@code workers} workers of its own take the
     * head and send its attempt; after a failed attempt that would be retried, the worker sleeps the one backoff all
     * requests share ({@code retry.base}, doubling to {@code retry.cap} after each such sleep, back to {@code base} on
     * any success), then puts the request back at the queue's tail. The caller gives up {@code deadline} after it
     * enqueued the request, wherever it is ({@code limiterWait}).
     *
     * @param size     places in the queue, {@code >= 1}
     * @param deadline how long a caller waits from enqueueing, {@code > 0}
     * @param workers  workers taking requests from the queue, {@code >= 1}
     */
    public record WorkQueue(int size, Duration deadline, int workers) {
        public WorkQueue {
            if (size < 1) throw new IllegalArgumentException("workQueue.size must be >= 1, got " + size);
            if (deadline == null || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("workQueue.deadline must be > 0, got " + deadline);
            }
            if (workers < 1) throw new IllegalArgumentException("workQueue.workers must be >= 1, got " + workers);
        }
    }

    /**
     * The price of one attempt on a tier ({@code cost:}), in the user's own currency (stampede never converts it):
     * {@code perCall} for every attempt sent, plus {@code perKiBRequest} per KiB (1,024 bytes) of its request body.
     * A local answer (cached or static tier) is no attempt and costs nothing. Both prices are finite and {@code >= 0}.
     */
    public record Cost(double perCall, double perKiBRequest) {
        public Cost {
            if (!(perCall >= 0) || !Double.isFinite(perCall)) throw new IllegalArgumentException("perCall must be a finite number >= 0, got " + perCall);
            if (!(perKiBRequest >= 0) || !Double.isFinite(perKiBRequest)) {
                throw new IllegalArgumentException("perKiBRequest must be a finite number >= 0, got " + perKiBRequest);
            }
        }

        /** The price of {@code attempts} attempts that sent {@code bodyBytes} request-body bytes in all. */
        public double of(long attempts, long bodyBytes) {
            return attempts * perCall + bodyBytes / 1024.0 * perKiBRequest;
        }
    }

    /**
     * The price of an attempt per tier, index 0 the run's own target and {@code i} fallback tier {@code i - 1}
     * ({@code null} for a tier without {@code cost:}: it costs nothing); an empty list when no tier has a price.
     */
    public List<Cost> prices() {
        boolean any = cost != null || fallback.stream().anyMatch(t -> t.cost() != null);
        if (!any) return List.of();
        List<Cost> out = new java.util.ArrayList<>();
        out.add(cost);
        for (Tier t : fallback) out.add(t.cost());
        return java.util.Collections.unmodifiableList(out);
    }

    /**
     * Routing that follows signals (seed 000), each part optional.
     *
     * @param streak      leave a tier after {@code count} consecutive answers of {@code statuses} on it (per request)
     * @param rate        start new requests on tier {@code startTier} while the primary's rolling rate of
     *                    {@code statuses} over {@code window} is above {@code perThousand} per 1,000 attempts
     * @param failForward fail with {@code failForward} instead of falling back while more than {@code share} of the
     *                    fallback tiers' gated answers over {@code window} were rejected
     */
    public record Routing(Streak streak, Rate rate, FailForward failForward) {
        public record Streak(int count, Set<Integer> statuses) {}

        public record Rate(double perThousand, Duration window, Set<Integer> statuses, int startTier) {}

        public record FailForward(double share, Duration window) {}
    }

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

    /**
     * Open after {@code failures} consecutive failures, for {@code open}; then {@code probes} half-open calls decide,
     * or, with {@code halfOpenAll} (seed 004's breaker), half-open admits every call and every result counts.
     */
    public record Breaker(int failures, Duration open, int probes, boolean halfOpenAll) {
        public Breaker(int failures, Duration open, int probes) { this(failures, open, probes, false); }
    }

    /** An answer a fallback tier gives locally, without a call: the request ends {@code degraded}. */
    public enum LocalAnswer { CACHED, STATIC }

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
     * A fallback tier, with optionally a retry policy and a quality gate of its own (precedence of retry settings:
     * scenario &lt; policy &lt; fallback tier).
     *
     * @param target   a path (appended to the run's base URL) or an absolute http(s) URL
     * @param breaker  its own breaker, or {@code null} to use the policy's
     * @param local    the answer of a local tier ({@code target} is then its name), or {@code null} for a tier that calls
     * @param strategy its own backoff strategy, or {@code null} for the policy's
     * @param retry    its own retry settings (the policy's with the tier's {@code retry:} keys laid over them), or
     *                 {@code null} for the policy's
     * @param ownGate  {@code true} when the tier sets {@code qualityGate} itself: then {@code gate} applies to its
     *                 answers ({@code null}: none, {@code qualityGate: off}); {@code false}: the policy's gate
     * @param gate     the tier's own gate when {@code ownGate}
     * @param cost     the price of an attempt on the tier, or {@code null} for none (a local tier never has one)
     */
    public record Tier(String target, Breaker breaker, LocalAnswer local, String strategy, RetrySpec retry, boolean ownGate,
                       Gate gate, Cost cost) {
        public Tier {
            if (!ownGate && gate != null) throw new IllegalArgumentException("a tier without its own gate cannot carry one");
            if (local != null && cost != null) throw new IllegalArgumentException("a local tier makes no call, so it has no cost");
        }

        /** A tier without a price. */
        public Tier(String target, Breaker breaker, LocalAnswer local, String strategy, RetrySpec retry, boolean ownGate,
                    Gate gate) {
            this(target, breaker, local, strategy, retry, ownGate, gate, null);
        }

        /** A tier that follows the policy's retry settings and gate. */
        public Tier(String target, Breaker breaker) {
            this(target, breaker, null, null, null, false, null);
        }

        /** A tier that answers locally ({@code local}) or calls {@code target} with the policy's settings. */
        public Tier(String target, Breaker breaker, LocalAnswer local) {
            this(target, breaker, local, null, null, false, null);
        }

        /** A tier that calls {@code target} with its own strategy, retry settings or gate. */
        public Tier(String target, Breaker breaker, String strategy, RetrySpec retry, boolean ownGate, Gate gate) {
            this(target, breaker, null, strategy, retry, ownGate, gate);
        }
    }

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
        fallbackOnStatuses = fallbackOnStatuses == null ? Set.of() : Set.copyOf(new TreeSet<>(fallbackOnStatuses));
        fallbackOnErrors = fallbackOnErrors == null || fallbackOnErrors.isEmpty() ? Set.of()
                : Set.copyOf(java.util.EnumSet.copyOf(fallbackOnErrors));
        failureErrors = failureErrors == null ? null : failureErrors.isEmpty() ? Set.of() : Set.copyOf(java.util.EnumSet.copyOf(failureErrors));
    }

    /** A policy without {@code fallbackOn}, {@code failOnErrors}, a shared backoff or signal routing. */
    public PolicyDef(String name, String strategy, RetrySpec retry, Budget budget, Throttle throttle, Breaker breaker,
                     Concurrency concurrency, List<Tier> fallback, Gate qualityGate, Duration fallbackPause,
                     Set<Integer> failureStatuses) {
        this(name, strategy, retry, budget, throttle, breaker, concurrency, fallback, qualityGate, fallbackPause,
                failureStatuses, null, null, null, false, null, null);
    }

    /** A policy without a price on its own target. */
    public PolicyDef(String name, String strategy, RetrySpec retry, Budget budget, Throttle throttle, Breaker breaker,
                     Concurrency concurrency, List<Tier> fallback, Gate qualityGate, Duration fallbackPause,
                     Set<Integer> failureStatuses, Set<Integer> fallbackOnStatuses, Set<ErrorKind> fallbackOnErrors,
                     Set<ErrorKind> failureErrors, boolean sharedBackoff, Routing routing) {
        this(name, strategy, retry, budget, throttle, breaker, concurrency, fallback, qualityGate, fallbackPause,
                failureStatuses, fallbackOnStatuses, fallbackOnErrors, failureErrors, sharedBackoff, routing, null);
    }

    /** A policy without signal routing. */
    public PolicyDef(String name, String strategy, RetrySpec retry, Budget budget, Throttle throttle, Breaker breaker,
                     Concurrency concurrency, List<Tier> fallback, Gate qualityGate, Duration fallbackPause,
                     Set<Integer> failureStatuses, Set<Integer> fallbackOnStatuses, Set<ErrorKind> fallbackOnErrors,
                     Set<ErrorKind> failureErrors, boolean sharedBackoff) {
        this(name, strategy, retry, budget, throttle, breaker, concurrency, fallback, qualityGate, fallbackPause,
                failureStatuses, fallbackOnStatuses, fallbackOnErrors, failureErrors, sharedBackoff, null, null);
    }

    /** A policy with signal routing only among the newer parts. */
    public PolicyDef(String name, String strategy, RetrySpec retry, Budget budget, Throttle throttle, Breaker breaker,
                     Concurrency concurrency, List<Tier> fallback, Gate qualityGate, Duration fallbackPause,
                     Set<Integer> failureStatuses, Routing routing) {
        this(name, strategy, retry, budget, throttle, breaker, concurrency, fallback, qualityGate, fallbackPause,
                failureStatuses, null, null, null, false, routing, null);
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
                && qualityGate == null && fallbackPause.isZero() && failureErrors == null && !sharedBackoff && routing == null
                && workQueue == null;
    }
}
