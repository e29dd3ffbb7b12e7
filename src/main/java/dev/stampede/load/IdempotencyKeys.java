package dev.stampede.load;

import java.util.Locale;

/**
 * The idempotency key of each logical request ({@code idempotencyKey}): a UUID-shaped text (version 4 layout) drawn
 * from the scenario's seed, the report row and the logical request's number in the run, so that every attempt of one
 * logical request carries the same key, a rerun with the same seed sends the same keys, and two rows of one scenario
 * never share a key (a real target would otherwise replay one strategy's answers to the next). Pure and thread-safe.
 */
public final class IdempotencyKeys {

    private final long salt;

    /**
     * @param seed the scenario's seed (a shard's own seed when sharded)
     * @param row  the report row's name (the strategies of a mixed run joined)
     */
    public IdempotencyKeys(long seed, String row) {
        this.salt = mix(seed ^ mix(row.hashCode()));
    }

    /** The key of logical request {@code logicalId} (>= 0, the run's count of logical requests started before it). */
    public String key(long logicalId) {
        long hi = mix(salt + 2 * logicalId);
        long lo = mix(salt + 2 * logicalId + 1);
        hi = (hi & ~0xF000L) | 0x4000L;                    // version 4
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return String.format(Locale.ROOT, "%08x-%04x-%04x-%04x-%012x", hi >>> 32, (hi >>> 16) & 0xFFFF, hi & 0xFFFF,
                lo >>> 48, lo & 0xFFFFFFFFFFFFL);
    }

    /** SplitMix64's step and finaliser. */
    private static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
