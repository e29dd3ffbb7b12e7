package dev.stampede.retry;

import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.RetrySpec;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which failed attempts may be retried. Immutable, thread-safe.
 *
 * @param statuses          statuses retried
 * @param statusesFrom      every status {@code >= statusesFrom} is retried too ({@link #NO_RANGE} for none)
 * @param errors            client error kinds retried
 * @param obeysShouldRetry  whether an {@code x-should-retry: true/false} header overrides the sets above
 */
public record RetryOn(Set<Integer> statuses, int statusesFrom, Set<ErrorKind> errors, boolean obeysShouldRetry) {

    /** {@link #statusesFrom} value that adds no range. */
    public static final int NO_RANGE = Integer.MAX_VALUE;

    /**
     * The TypeScript SDK's rule (client.ts, {@code shouldRetry} and {@code makeRequest}): 408, 409, 429, every status
     * {@code >= 500}, and every failed {@code fetch} (timeouts, resets, refused connections, answers that are not
     * HTTP); {@code x-should-retry} wins. {@code bodyTooLarge} is stampede's own limit, which the SDK does not have.
     */
    public static final RetryOn SDK = new RetryOn(Set.of(408, 409, 429), 500,
            EnumSet.of(ErrorKind.TIMEOUT, ErrorKind.RESET, ErrorKind.CONNECT, ErrorKind.PROTOCOL), true);

    public RetryOn {
        statuses = Set.copyOf(new TreeSet<>(statuses));
        errors = errors.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(errors));
    }

    /** The scenario's {@code retryOn}: its statuses and error kinds exactly; {@code x-should-retry} is not read. */
    public static RetryOn of(RetrySpec spec) {
        return new RetryOn(spec.retryStatuses(), NO_RANGE, spec.retryErrors(), false);
    }

    /** Whether a failed {@code outcome} may be retried (attempt limits aside). */
    public boolean retries(AttemptOutcome outcome) {
        if (obeysShouldRetry && outcome.shouldRetry() != null) return outcome.shouldRetry();
        if (outcome.error() != null) return errors.contains(outcome.error());
        return statuses.contains(outcome.status()) || outcome.status() >= statusesFrom;
    }
}
