package dev.stampede.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP request every attempt sends.
 *
 * @param timeout        per-attempt timeout: an attempt that has no complete response by then ends as {@code timeout}
 * @param idempotencyKey name of the header that carries the logical request's idempotency key (the same generated key on
 *                       every attempt of one logical request), or {@code null} for none
 */
public record RequestSpec(String method, String path, List<Header> headers, String body, Duration timeout, String idempotencyKey) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RequestSpec {
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? "" : body;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (idempotencyKey != null && idempotencyKey.isBlank()) throw new IllegalArgumentException("idempotencyKey must name a header");
    }

    /** A request without an idempotency key. */
    public RequestSpec(String method, String path, List<Header> headers, String body, Duration timeout) {
        this(method, path, headers, body, timeout, null);
    }

    /** The body's size in bytes as sent (UTF-8): what a size-dependent service time ({@code perKiB}) is charged on. */
    public long bodyBytes() {
        return body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * One request header. {@code secret} headers (values interpolated from {@code ${ENV}}, or with names
     * like authorization, *-key, *token*, *secret*) are sent but never printed: use {@link #display()}.
     */
    public record Header(String name, String value, boolean secret) {
        public String display() { return secret ? "<redacted>" : value; }

        @Override public String toString() { return name + ": " + display(); }

        /** True for header names whose values are credentials whatever their source. */
        public static boolean secretName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return n.equals("authorization") || n.equals("proxy-authorization") || n.equals("cookie")
                    || n.endsWith("-key") || n.endsWith("_key") || n.contains("token") || n.contains("secret")
                    || n.contains("password");
        }
    }
}
