package dev.stampede.scenario;

import java.util.Locale;

/**
 * How an attempt can end without an HTTP status. Part of the scenario vocabulary ({@code retryOn})
 * and of every report's status counts.
 */
public enum ErrorKind {
    /** No complete response within the per-attempt timeout (includes a server that hangs or dribbles). */
    TIMEOUT,
    /** The connection was closed or reset before a complete response. */
    RESET,
    /** The connection could not be opened (refused, unreachable, or a TLS handshake the client refused). */
    CONNECT,
    /** The peer answered with something that is not HTTP. */
    PROTOCOL,
    /** The response body exceeded the client's read bound. */
    BODY_TOO_LARGE;

    /** The name used in YAML, JSON and reports: {@code timeout}, {@code bodyTooLarge}. */
    public String key() {
        return switch (this) {
            case BODY_TOO_LARGE -> "bodyTooLarge";
            default -> name().toLowerCase(Locale.ROOT);
        };
    }

    public static ErrorKind fromKey(String key) {
        for (ErrorKind k : values()) if (k.key().equals(key)) return k;
        throw new IllegalArgumentException("unknown error kind '" + key + "'");
    }
}
