package dev.stampede.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP request every attempt sends.
 *
 * @param timeout per-attempt timeout: an attempt that has no complete response by then ends as {@code timeout}
 */
public record RequestSpec(String method, String path, List<Header> headers, String body, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RequestSpec {
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? "" : body;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
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
