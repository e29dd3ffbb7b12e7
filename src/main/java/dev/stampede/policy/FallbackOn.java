package dev.stampede.policy;

import dev.stampede.scenario.ErrorKind;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcomes that move a request to the next fallback tier at once, without retrying on its tier (the
 * scenario's {@code fallbackOn}; seed 004 option 1: {@code {529, 503, 502, 500}} and connection errors). Separate
 * from {@code retryOn}: an outcome in both moves on; an outcome only in {@code retryOn} is retried on the tier
 * until its attempts run out, as without {@code fallbackOn}. Immutable, thread-safe.
 *
 * <p>{@code after} (the scenario's {@code fallbackAfter}; seed 002's fix 3: {@code [529]}) narrows the other way of
 * leaving a tier: when the tier's retries run out, the request moves on only if its last attempt failed with one of
 * these; otherwise it fails ({@code exhausted}). {@code null}: whatever the last attempt failed with.
 *
 * @param statuses HTTP statuses that move on
 * @param errors   client error kinds that move on
 * @param after    what the last attempt of a tier whose retries ran out must have failed with to move on, or
 *                 {@code null} for anything
 */
public record FallbackOn(Set<Integer> statuses, Set<ErrorKind> errors, After after) {

    /** Nothing moves on at once: tiers are left only when their retries run out (or their breaker or gate refuses). */
    public static final FallbackOn NONE = new FallbackOn(Set.of(), Set.of());

    /** The outcomes after which a tier whose retries ran out is left for the next one. */
    public record After(Set<Integer> statuses, Set<ErrorKind> errors) {
        public After {
            statuses = statuses == null ? Set.of() : Set.copyOf(new TreeSet<>(statuses));
            errors = errors == null || errors.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(errors));
        }
    }

    /** Moves on at once for {@code statuses} and {@code errors}; after a tier's retries ran out, whatever the outcome. */
    public FallbackOn(Set<Integer> statuses, Set<ErrorKind> errors) { this(statuses, errors, null); }

    /**
     * Whether a request whose tier's retries ran out on an attempt that ended with {@code status} (0 with an
     * {@code error}) or {@code error} moves to the next tier (else it fails as {@code exhausted}).
     */
    public boolean movesOnAfter(int status, ErrorKind error) {
        return after == null || (error != null ? after.errors().contains(error) : after.statuses().contains(status));
    }

    public FallbackOn {
        statuses = statuses == null ? Set.of() : Set.copyOf(new TreeSet<>(statuses));
        errors = errors == null || errors.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(errors));
        for (int s : statuses) {
            if (s >= 200 && s < 300) throw new IllegalArgumentException("fallbackOn must not contain a 2xx status, got " + s);
        }
    }

    /** Whether an attempt that ended with {@code status} (0 with an {@code error}) or {@code error} moves on at once. */
    public boolean matches(int status, ErrorKind error) {
        return error != null ? errors.contains(error) : statuses.contains(status);
    }

    public boolean isEmpty() { return statuses.isEmpty() && errors.isEmpty(); }
}
