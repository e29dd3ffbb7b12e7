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
 * @param statuses HTTP statuses that move on
 * @param errors   client error kinds that move on
 */
public record FallbackOn(Set<Integer> statuses, Set<ErrorKind> errors) {

    /** Nothing moves on at once: tiers are left only when their retries run out (or their breaker or gate refuses). */
    public static final FallbackOn NONE = new FallbackOn(Set.of(), Set.of());

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
