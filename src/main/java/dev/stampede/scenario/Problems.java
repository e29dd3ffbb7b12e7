package dev.stampede.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every problem of one scenario file, so the user sees them all at once (k6 style), each
 * with its position. Secret values registered here are masked in every message as a last line of
 * defence: a credential must never reach a terminal or a CI log.
 */
final class Problems {

    private final String file;
    private final List<ScenarioException.Problem> found = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() { return file; }

    /** Adds a problem located at {@code at}; {@code message} reads like "must be >= 1 (got 0)". */
    void add(YamlNode at, String path, String message) {
        add(at.line(), at.column(), path, message);
    }

    void add(int line, int column, String path, String message) {
        found.add(new ScenarioException.Problem(file, line, column, path, message));
    }

    /**
     * The common shape, {@code PROBLEM (got X; expected Y)}: {@code problem} names what is wrong in a few
     * words ("wrong type", "missing unit", "out of range"), X is the value as written.
     */
    void expected(YamlNode at, String path, String problem, String expected) {
        add(at, path, problem + " (got " + at.describe() + "; expected " + expected + ")");
    }

    /**
     * A value that must not appear in any message. Values shorter than {@value #SHORTEST_MASKED} characters
     * are not masked: they cannot be hidden anyway (a one-letter secret "appears" in every word) and
     * masking them would garble every message.
     */
    void secret(String value) {
        if (value != null && value.length() >= SHORTEST_MASKED) secrets.add(value);
    }

    static final int SHORTEST_MASKED = 4;

    boolean any() { return !found.isEmpty(); }

    int count() { return found.size(); }

    /**
     * Builds a record whose compact constructor may still reject a combination the loader let through
     * (because an earlier problem replaced a value with a default). When problems were already found
     * the fallback stands in; otherwise the constructor's message becomes a problem at {@code at}.
     */
    <T> T build(YamlNode at, String path, Supplier<T> build, T fallback) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            if (!any()) add(at, path, e.getMessage());
            return fallback;
        }
    }

    /** @throws ScenarioException listing every problem in file order, secrets masked */
    void throwIfAny() throws ScenarioException {
        if (found.isEmpty()) return;
        List<ScenarioException.Problem> masked = found.stream()
                .sorted(Comparator.comparingInt(ScenarioException.Problem::line)
                        .thenComparingInt(ScenarioException.Problem::column))
                .map(p -> new ScenarioException.Problem(p.file(), p.line(), p.column(), mask(p.path()), mask(p.message())))
                .toList();
        throw new ScenarioException(masked);
    }

    private String mask(String text) {
        String s = text;
        for (String secret : secrets) s = s.replace(secret, "<redacted>");
        return s;
    }
}
