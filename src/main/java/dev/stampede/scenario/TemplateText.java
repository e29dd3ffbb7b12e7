package dev.stampede.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request template's text (its path, a header value or its body) with per-request variables in double braces
 * (docs/scenario-reference.md, "Request mixes and data"). The syntax cannot collide with {@code ${NAME}}, which is
 * resolved from the environment when the scenario is loaded:
 * <ul>
 *   <li>{@code {{seq}}}: the request's number in the run, 1 for the first arrival</li>
 *   <li>{@code {{uuid}}}: a random UUID, a fresh one at each place it appears</li>
 *   <li>{@code {{int MIN MAX}}}: a random integer in [MIN, MAX]</li>
 *   <li>{@code {{request.id}}}: the logical request's id (a UUID), the same everywhere in the request</li>
 *   <li>{@code {{attempt}}}: the attempt's number in its request, 1 for the first</li>
 *   <li>{@code {{data.FIELD}}}: the field of the request's row of the data file</li>
 * </ul>
 * Any variable may end in {@code |json}: its value then goes in as a JSON string literal (quoted and escaped), so a
 * data field with quotes or newlines keeps a JSON body valid. Random values come from a per-request source seeded
 * from the run's seed and the request's number: every attempt of a request sends the same values (only
 * {@code {{attempt}}} changes), and a run with the same seed sends the same requests. Immutable and thread-safe.
 */
public final class TemplateText {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern INT = Pattern.compile("int\\s+(-?\\d{1,18})\\s+(-?\\d{1,18})");
    private static final Pattern DATA = Pattern.compile("data\\.([A-Za-z0-9_.-]+)");
    /** What the error for an unknown variable lists. */
    static final String VARIABLES = "seq, uuid, int MIN MAX, request.id, attempt or data.FIELD, optionally ending in |json";

    /** One piece of the text. */
    sealed interface Part {
        record Literal(String text) implements Part {}
        record Seq(boolean json) implements Part {}
        record Uuid(boolean json) implements Part {}
        record Int(long min, long max, boolean json) implements Part {}
        record RequestId(boolean json) implements Part {}
        record Attempt(boolean json) implements Part {}
        record Data(String field, boolean json) implements Part {}
    }

    /** What one request's variables take (the engines build it from {@link RequestDraws.Draw}). */
    public interface Values {
        long seq();

        String requestId();

        int attempt();

        /** The field of the request's data row; {@code null} when the row has none. */
        String data(String field);

        /** The request's own random source, read in the order the variables appear. */
        RandomGenerator random();
    }

    private final String source;
    private final List<Part> parts;

    private TemplateText(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** Text without variables. */
    public static TemplateText literal(String text) {
        return new TemplateText(text, List.of(new Part.Literal(text)));
    }

    /**
     * Compiles {@code text}; every problem (an unknown variable, {@code {{int}}} with MIN &gt; MAX, an unclosed
     * {@code {{}) goes to {@code problem}, and the offending piece is kept as literal text.
     *
     * @param dataFields the data file's fields, or {@code null} when the scenario has no {@code data:}
     */
    static TemplateText compile(String text, Set<String> dataFields, Consumer<String> problem) {
        List<Part> parts = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) parts.add(new Part.Literal(text.substring(last, m.start())));
            parts.add(variable(m.group(1), dataFields, problem, m.group()));
            last = m.end();
        }
        String rest = text.substring(last);
        if (rest.contains("{{")) problem.accept("unclosed {{ (expected {{VARIABLE}}, with VARIABLE one of " + VARIABLES + ")");
        if (!rest.isEmpty()) parts.add(new Part.Literal(rest));
        return new TemplateText(text, parts);
    }

    private static Part variable(String inside, Set<String> dataFields, Consumer<String> problem, String whole) {
        String expr = inside.strip();
        boolean json = false;
        int bar = expr.lastIndexOf('|');
        if (bar >= 0 && expr.substring(bar + 1).strip().equals("json")) {
            json = true;
            expr = expr.substring(0, bar).strip();
        }
        switch (expr) {
            case "seq" -> { return new Part.Seq(json); }
            case "uuid" -> { return new Part.Uuid(json); }
            case "request.id" -> { return new Part.RequestId(json); }
            case "attempt" -> { return new Part.Attempt(json); }
            default -> { }
        }
        Matcher i = INT.matcher(expr);
        if (i.matches()) {
            long min = Long.parseLong(i.group(1)), max = Long.parseLong(i.group(2));
            if (min > max) problem.accept(whole + ": MIN must be <= MAX (got " + min + " > " + max + ")");
            return new Part.Int(Math.min(min, max), Math.max(min, max), json);
        }
        Matcher d = DATA.matcher(expr);
        if (d.matches()) {
            if (dataFields == null) {
                problem.accept(whole + " needs a data file (expected data: {file: rows.jsonl} at the top level)");
            } else if (!dataFields.contains(d.group(1))) {
                problem.accept("unknown data field in " + whole + Suggestions.didYouMean(d.group(1), dataFields)
                        + " (expected one of " + String.join(", ", new java.util.TreeSet<>(dataFields)) + ")");
            }
            return new Part.Data(d.group(1), json);
        }
        problem.accept("unknown template variable " + whole + " (expected " + VARIABLES + ")");
        return new Part.Literal(whole);
    }

    /** True when the text has variables (it differs between requests or attempts). */
    public boolean variable() {
        // an empty text has no parts: constant too (a body-less request must not be rendered per attempt)
        for (Part p : parts) if (!(p instanceof Part.Literal)) return true;
        return false;
    }

    /** True when the text uses {@code {{attempt}}} (it differs between the attempts of one request). */
    public boolean perAttempt() {
        return parts.stream().anyMatch(p -> p instanceof Part.Attempt);
    }

    /** The data fields the text uses. */
    List<String> dataFields() {
        return parts.stream().filter(p -> p instanceof Part.Data).map(p -> ((Part.Data) p).field()).toList();
    }

    /** The text as written. */
    public String source() { return source; }

    /** The text with {@code values}; reads {@link Values#random()} once per {@code uuid} and {@code int}, in order. */
    public String render(Values values) {
        return render(values, false);
    }

    /**
     * As {@link #render(Values)}; with {@code inPath} every value is percent-encoded (all but letters, digits and
     * {@code -._~}), so that a data field with spaces or slashes stays one path segment or query value.
     */
    public String render(Values values, boolean inPath) {
        if (!variable()) return source;
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Part p : parts) {
            switch (p) {
                case Part.Literal l -> out.append(l.text());
                case Part.Seq s -> append(out, Long.toString(values.seq()), s.json(), inPath);
                case Part.Uuid u -> append(out, uuid(values.random()), u.json(), inPath);
                case Part.Int n -> append(out, Long.toString(n.min() == n.max() ? n.min()
                        : values.random().nextLong(n.min(), n.max() + 1)), n.json(), inPath);
                case Part.RequestId r -> append(out, values.requestId(), r.json(), inPath);
                case Part.Attempt a -> append(out, Integer.toString(values.attempt()), a.json(), inPath);
                case Part.Data d -> {
                    String v = values.data(d.field());
                    append(out, v == null ? "" : v, d.json(), inPath);
                }
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String value, boolean json, boolean encode) {
        String v = json ? quoted(value) : value;
        if (!encode) {
            out.append(v);
            return;
        }
        for (byte b : v.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) out.append(c);
            else out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
    }

    /** {@code value} as a JSON string literal. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /** A version 4 UUID from {@code random}'s next two longs. */
    static String uuid(RandomGenerator random) {
        long hi = random.nextLong(), lo = random.nextLong();
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo).toString();
    }

    @Override public String toString() { return source; }
}
