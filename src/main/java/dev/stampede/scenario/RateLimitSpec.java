package dev.stampede.scenario;

import java.time.Duration;

/**
 * A per-key rate limit in front of a server or route ({@code rateLimit: {perKey: 60/m, window: 1m, keys: 4}}),
 * answered with 429 and a Retry-After until the key's window frees, before any overload check: an API's requests
 * per minute per API key, distinct from the 529s of overload. Logical requests are dealt to the keys in turn, in
 * the order they start (request {@code k}: key {@code k mod keys}); every attempt of a request uses its key.
 *
 * @param limit  requests a key may make in any {@code window}, {@code >= 1} ({@code perKey × window})
 * @param window the sliding window, {@code > 0}
 * @param keys   API keys the clients share, {@code >= 1}
 */
public record RateLimitSpec(int limit, Duration window, int keys) {
    public RateLimitSpec {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        if (window == null || window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be > 0, got " + window);
        if (keys < 1) throw new IllegalArgumentException("keys must be >= 1, got " + keys);
    }

    /** The default window: a minute, as API limits on requests per minute count. */
    public static final Duration MINUTE = Duration.ofMinutes(1);
}
