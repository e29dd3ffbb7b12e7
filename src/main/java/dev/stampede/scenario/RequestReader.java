package dev.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code request:}, the HTTP request every attempt sends, with {@code ${NAME}} interpolation in
 * header values. Interpolated values and credential-named headers are secret: registered with
 * {@link Problems} so that no problem message shows them, and marked on the {@link RequestSpec.Header}.
 */
final class RequestReader {

    static final List<String> KEYS = List.of("method", "path", "headers", "body", "timeout", "idempotencyKey");
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private RequestReader() {}

    static RequestSpec read(Fields f, Map<String, String> env) {
        return read(f, env, null);
    }

    /**
     * @param defaultKey the scenario's top-level {@code idempotencyKey} (a header name), used when the template sets
     *                   none; {@code null} for none
     */
    static RequestSpec read(Fields f, Map<String, String> env, String defaultKey) {
        Problems problems = f.problems();
        String method = f.text("method", "GET").strip();
        if (!METHOD.matcher(method).matches()) {
            problems.expected(f.get("method"), f.path("method"), "not an HTTP method", "an HTTP method such as GET or POST");
            method = "GET";
        }
        String path = f.text("path", "/");
        if (!path.startsWith("/")) {
            problems.expected(f.get("path"), f.path("path"), "not an absolute path", "a path starting with /, such as /v1/messages");
        }
        List<RequestSpec.Header> headers = f.has("headers") ? headers(problems, f.get("headers"), f.path("headers"), env) : List.of();
        String body = f.text("body", "");
        Duration timeout = f.positiveDuration("timeout", RequestSpec.DEFAULT_TIMEOUT);
        String key = f.has("idempotencyKey") ? idempotencyKey(problems, f.get("idempotencyKey"), f.path("idempotencyKey")) : defaultKey;
        if (key != null && headers.stream().anyMatch(h -> h.name().equalsIgnoreCase(key))) {
            YamlNode at = f.has("idempotencyKey") ? f.get("idempotencyKey") : f.get("headers");
            problems.add(at, f.has("idempotencyKey") ? f.path("idempotencyKey") : f.path("headers"), "the header " + key
                    + " is both a fixed header and the idempotency key (expected it in one place: stampede generates the key per logical request)");
        }
        return new RequestSpec(method, path, headers, body, timeout, key);
    }

    /** {@code idempotencyKey: Idempotency-Key}: a header name (the scenario's top level and a request template alike). */
    static String idempotencyKey(Problems problems, YamlNode node, String path) {
        String expected = "a header name such as Idempotency-Key";
        String name = Scalars.text(problems, node, path, expected);
        if (name == null) return null;
        name = name.strip();
        if (!HEADER_NAME.matcher(name).matches()) {
            problems.expected(node, path, "not a valid header name", expected);
            return null;
        }
        if (name.toLowerCase(java.util.Locale.ROOT).startsWith("x-stampede-")) {
            problems.expected(node, path, "x-stampede-* headers are stampede's own", expected);
            return null;
        }
        return name;
    }

    /** Header values may use {@code ${NAME}}; interpolated values and credential-named headers are secret. */
    private static List<RequestSpec.Header> headers(Problems problems, YamlNode node, String path, Map<String, String> env) {
        List<RequestSpec.Header> headers = new ArrayList<>();
        if (node instanceof YamlNode.Null) return headers;
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.expected(node, path, "wrong type", "a map of header name to value, such as {content-type: application/json}");
            return headers;
        }
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (YamlNode.Entry e : m.entries()) {
            String where = path + "." + e.key();
            if (!HEADER_NAME.matcher(e.key()).matches()) {
                problems.add(e.line(), e.column(), where, "not a valid header name (expected letters, digits and -)");
                continue;
            }
            if (!seen.add(e.key())) {
                problems.add(e.line(), e.column(), where, "duplicate header");
                continue;
            }
            boolean secretName = RequestSpec.Header.secretName(e.key());
            if (!(e.value() instanceof YamlNode.Scalar s)) {
                problems.expected(e.value(), where, "wrong type", "a header value (text)");
                continue;
            }
            String raw = s.text();
            if (secretName) problems.secret(raw);
            Matcher vars = ENV.matcher(raw);
            boolean interpolated = false;
            StringBuilder value = new StringBuilder();
            Set<String> missing = new LinkedHashSet<>();
            while (vars.find()) {
                interpolated = true;
                String v = env.get(vars.group(1));
                if (v == null) missing.add(vars.group(1));
                vars.appendReplacement(value, Matcher.quoteReplacement(v == null ? "" : v));
            }
            vars.appendTail(value);
            for (String name : missing) {
                problems.add(e.value(), where, "environment variable " + name + " is not set (expected it to hold this header's value)");
            }
            String resolved = value.toString();
            if (interpolated || secretName) problems.secret(resolved);
            headers.add(new RequestSpec.Header(e.key(), resolved, interpolated || secretName));
        }
        return headers;
    }
}
