package dev.stampede.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A data file ({@code data:}): rows of named fields that request templates use as {@code {{data.FIELD}}}. Read once,
 * when the scenario is loaded.
 *
 * @param file   the file as the scenario names it (relative to the scenario's directory), for reports
 * @param fields every field name of the file
 * @param rows   the rows, in file order (at least one); each maps a field to its text
 * @param order  which row each request takes
 * @param onEnd  what happens once every row was used
 */
public record DataSpec(String file, Set<String> fields, List<Map<String, String>> rows, Order order, OnEnd onEnd) {

    /** {@code sequential}: rows in file order · {@code random}: a seeded shuffle, a new one on each pass. */
    public enum Order { SEQUENTIAL, RANDOM }

    /** {@code wrap}: start over · {@code stop}: each row once, then no request starts (the run ends when those in flight end). */
    public enum OnEnd { WRAP, STOP }

    public DataSpec {
        Objects.requireNonNull(file, "file");
        fields = Set.copyOf(fields);
        rows = List.copyOf(rows);
        if (rows.isEmpty()) throw new IllegalArgumentException("a data file needs at least one row");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(onEnd, "onEnd");
    }

    /** The path of {@code file} against the scenario's own path (or the working directory without one). */
    static Path resolve(Path scenario, String file) {
        Path p = Path.of(file);
        if (p.isAbsolute() || scenario == null) return p;
        Path dir = scenario.toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p);
    }
}
