package dev.stampede.scenario;

import java.util.List;

/**
 * A YAML value that remembers where it was written. Jackson's {@code JsonNode} drops source positions,
 * so the loader reads the token stream into this small tree instead ({@link YamlTree#read}).
 * Lines and columns are 1-based.
 */
sealed interface YamlNode {

    int line();

    int column();

    /** What a user would call this value in an error message: the scalar itself, "a map", "a list", "nothing". */
    String describe();

    /** A scalar exactly as written (numbers and booleans keep their source text). */
    record Scalar(String text, int line, int column) implements YamlNode {
        @Override public String describe() {
            return text.isEmpty() ? "\"\"" : text;
        }
    }

    /** A key with nothing after it, {@code ~} or {@code null}. */
    record Null(int line, int column) implements YamlNode {
        @Override public String describe() { return "nothing"; }
    }

    /** A mapping in file order; duplicate keys are kept so the loader can report them. */
    record Mapping(List<Entry> entries, int line, int column) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override public String describe() { return entries.isEmpty() ? "an empty map" : "a map"; }
    }

    /** One {@code key: value} pair; the position is the key's. */
    record Entry(String key, int line, int column, YamlNode value) {}

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override public String describe() { return items.isEmpty() ? "an empty list" : "a list"; }
    }
}
