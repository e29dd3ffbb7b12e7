package dev.stampede.scenario;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one YAML mapping, checked against the keys it may have: unknown keys and duplicates are
 * problems (with the nearest valid key suggested). Typed getters return the default when the key is
 * absent, and also when its value is wrong (after recording the problem), so that reading continues
 * and every problem of the file is found in one pass.
 */
final class Fields {

    private final Problems problems;
    private final YamlNode node;
    private final String path;
    private final Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();

    private Fields(Problems problems, YamlNode node, String path) {
        this.problems = problems;
        this.node = node;
        this.path = path;
    }

    /**
     * Reads {@code node} as a mapping with keys from {@code allowed}. {@code nothing} reads as an empty
     * mapping; a scalar or a list is a problem and reads as empty.
     */
    static Fields of(Problems problems, YamlNode node, String path, Collection<String> allowed) {
        Fields f = new Fields(problems, node, path);
        switch (node) {
            case YamlNode.Mapping m -> {
                for (YamlNode.Entry e : m.entries()) {
                    String where = f.path(e.key());
                    if (!allowed.contains(e.key())) {
                        problems.add(e.line(), e.column(), where, "unknown key" + Suggestions.didYouMean(e.key(), allowed));
                    } else if (f.entries.containsKey(e.key())) {
                        YamlNode.Entry first = f.entries.get(e.key());
                        problems.add(e.line(), e.column(), where, "duplicate key (first set at line " + first.line() + ")");
                    } else {
                        f.entries.put(e.key(), e);
                    }
                }
            }
            case YamlNode.Null n -> { }
            default -> problems.expected(node, path, "wrong type", "a map with keys " + String.join(", ", allowed));
        }
        return f;
    }

    /** The mapping itself: where problems about missing keys point. */
    YamlNode node() { return node; }

    String path() { return path; }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Problems problems() { return problems; }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value of {@code key}; {@code null} when absent. */
    YamlNode get(String key) {
        YamlNode.Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    /** The position of the key itself (for "applies to ... only" problems). */
    YamlNode.Entry entry(String key) {
        return entries.get(key);
    }

    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    /** Records "missing required key" on this mapping; returns {@code false} when the key is absent. */
    boolean require(String key, String expected) {
        if (has(key)) return true;
        // a section that is not a map at all was reported already; its keys are not missing one by one
        if (!(node instanceof YamlNode.Mapping) && !(node instanceof YamlNode.Null)) return false;
        problems.add(node, path.isEmpty() ? key : path(key), "missing required key (expected " + expected + ")");
        return false;
    }

    /** The key is present but does not apply; {@code why} says when it would. */
    void notApplicable(String key, String why) {
        YamlNode.Entry e = entries.get(key);
        if (e != null) problems.add(e.line(), e.column(), path(key), why);
    }

    String text(String key, String dflt) {
        if (!has(key)) return dflt;
        String v = Scalars.text(problems, get(key), path(key), "text");
        return v == null ? dflt : v;
    }

    Duration duration(String key, Duration dflt) {
        if (!has(key)) return dflt;
        Duration v = Scalars.duration(problems, get(key), path(key), Duration.ZERO);
        return v == null ? dflt : v;
    }

    Duration positiveDuration(String key, Duration dflt) {
        if (!has(key)) return dflt;
        Duration v = Scalars.positiveDuration(problems, get(key), path(key));
        return v == null ? dflt : v;
    }

    Rate rate(String key, Rate dflt) {
        if (!has(key)) return dflt;
        Rate v = Scalars.rate(problems, get(key), path(key));
        return v == null ? dflt : v;
    }

    double probability(String key, double dflt) {
        if (!has(key)) return dflt;
        Double v = Scalars.probability(problems, get(key), path(key));
        return v == null ? dflt : v;
    }

    double number(String key, double dflt, double min, double max, String expected) {
        if (!has(key)) return dflt;
        Double v = Scalars.number(problems, get(key), path(key), min, max, expected);
        return v == null ? dflt : v;
    }

    int integer(String key, int dflt, int min, int max) {
        if (!has(key)) return dflt;
        Long v = Scalars.integer(problems, get(key), path(key), min, max);
        return v == null ? dflt : v.intValue();
    }

    long longInteger(String key, long dflt) {
        if (!has(key)) return dflt;
        Long v = Scalars.integer(problems, get(key), path(key), Long.MIN_VALUE, Long.MAX_VALUE);
        return v == null ? dflt : v;
    }

    <T> T choice(String key, T dflt, Map<String, T> choices) {
        if (!has(key)) return dflt;
        T v = Scalars.choice(problems, get(key), path(key), choices);
        return v == null ? dflt : v;
    }
}
