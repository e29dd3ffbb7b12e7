package dev.stampede.policy;

/**
 * Seed 000's quality gate: a 2xx answer whose body fails it counts as a failure for the fallback chain
 * ("a response that came back successfully but is empty or refuses the task should be treated as a
 * failure and trigger fallback"). Markers are matched as plain text, ignoring case. Immutable and
 * thread-safe.
 *
 * @param minLength       shortest passing body in UTF-16 chars (JavaScript's {@code length}), 0 for no minimum
 * @param requiredMarker  text the body must contain, or {@code null}
 * @param forbiddenMarker text the body must not contain (a refusal phrase), or {@code null}
 */
public record QualityGate(int minLength, String requiredMarker, String forbiddenMarker) {

    /** Seed 000's {@code passesQualityGate}: at least 20 chars, and no "I cannot help with that". */
    public static final QualityGate SEED_000 = new QualityGate(20, null, "i cannot help with that");

    public QualityGate {
        if (minLength < 0) throw new IllegalArgumentException("gate minLength must be >= 0 chars, got " + minLength);
        if (requiredMarker != null && requiredMarker.isEmpty()) throw new IllegalArgumentException("gate requiredMarker must not be empty; leave it out for none");
        if (forbiddenMarker != null && forbiddenMarker.isEmpty()) throw new IllegalArgumentException("gate forbiddenMarker must not be empty; leave it out for none");
        if (minLength == 0 && requiredMarker == null && forbiddenMarker == null) {
            throw new IllegalArgumentException("a quality gate needs minLength > 0, a requiredMarker or a forbiddenMarker");
        }
    }

    /** A gate on length alone. */
    public static QualityGate minLength(int chars) { return new QualityGate(chars, null, null); }

    /** A gate on a required marker alone. */
    public static QualityGate requiring(String marker) { return new QualityGate(0, marker, null); }

    /** Whether {@code body} passes; a {@code null} body (none read) passes only a gate that asks for nothing it lacks. */
    public boolean passes(String body) {
        String text = body == null ? "" : body;
        if (text.length() < minLength) return false;
        if (requiredMarker != null && !containsIgnoreCase(text, requiredMarker)) return false;
        return forbiddenMarker == null || !containsIgnoreCase(text, forbiddenMarker);
    }

    private static boolean containsIgnoreCase(String text, String marker) {
        int last = text.length() - marker.length();
        for (int i = 0; i <= last; i++) {
            if (text.regionMatches(true, i, marker, 0, marker.length())) return true;
        }
        return false;
    }
}
