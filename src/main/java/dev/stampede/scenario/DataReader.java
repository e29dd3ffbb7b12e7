package dev.stampede.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code data:}: a JSON Lines file ({@code .jsonl}, {@code .ndjson}: one JSON object per line, blank lines
 * skipped) or a CSV file ({@code .csv}: a header row of field names, then one row per line, RFC 4180 quoting). A
 * JSON value that is not a string goes in as its JSON text. Problems name the data file and its line.
 */
final class DataReader {

    static final List<String> KEYS = List.of("file", "order", "onEnd");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataReader() {}

    /** Reads {@code data:}; {@code null} after a problem (every problem is reported). */
    static DataSpec read(Fields f, Path scenarioFile) {
        Problems problems = f.problems();
        if (!f.require("file", "a JSON Lines (.jsonl) or CSV (.csv) file, relative to the scenario")) return null;
        String file = f.text("file", "").strip();
        DataSpec.Order order = f.choice("order", DataSpec.Order.SEQUENTIAL,
                ordered("sequential", DataSpec.Order.SEQUENTIAL, "random", DataSpec.Order.RANDOM));
        DataSpec.OnEnd onEnd = f.choice("onEnd", DataSpec.OnEnd.WRAP,
                ordered("wrap", DataSpec.OnEnd.WRAP, "stop", DataSpec.OnEnd.STOP));
        String lower = file.toLowerCase(Locale.ROOT);
        boolean csv = lower.endsWith(".csv");
        if (!csv && !lower.endsWith(".jsonl") && !lower.endsWith(".ndjson")) {
            problems.expected(f.get("file"), f.path("file"), "unknown data file type", "a file ending in .jsonl, .ndjson or .csv");
            return null;
        }
        Path path = DataSpec.resolve(scenarioFile, file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(f.get("file"), f.path("file"), "data file not found: " + path);
            return null;
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(f.get("file"), f.path("file"), "data file cannot be read: " + path + " (" + e.getMessage() + ")");
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        List<Map<String, String>> rows = new ArrayList<>();
        int before = problems.count();
        if (csv) csv(lines, file, fields, rows, msg -> problems.add(f.get("file"), f.path("file"), msg));
        else jsonLines(lines, file, fields, rows, msg -> problems.add(f.get("file"), f.path("file"), msg));
        if (problems.count() > before) return null;
        if (rows.isEmpty()) {
            problems.add(f.get("file"), f.path("file"), "data file has no rows: " + file);
            return null;
        }
        return new DataSpec(file, fields, rows, order, onEnd);
    }

    private static <T> Map<String, T> ordered(String a, T va, String b, T vb) {
        Map<String, T> m = new LinkedHashMap<>();
        m.put(a, va);
        m.put(b, vb);
        return m;
    }

    private static final int MOST_ROW_PROBLEMS = 5;

    static void jsonLines(List<String> lines, String file, Set<String> fields, List<Map<String, String>> rows,
                          java.util.function.Consumer<String> problem) {
        int problems = 0;
        for (int i = 0; i < lines.size() && problems < MOST_ROW_PROBLEMS; i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                problem.accept(file + ":" + (i + 1) + ": malformed JSON Lines row (expected one JSON object per line, such as "
                        + "{\"prompt\": \"hello\"})");
                problems++;
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                row.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
                fields.add(e.getKey());
            }
            rows.add(row);
        }
    }

    static void csv(List<String> lines, String file, Set<String> fields, List<Map<String, String>> rows,
                    java.util.function.Consumer<String> problem) {
        List<String> header = null;
        int problems = 0;
        for (int i = 0; i < lines.size() && problems < MOST_ROW_PROBLEMS; i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            List<String> cells = cells(line);
            if (cells == null) {
                problem.accept(file + ":" + (i + 1) + ": malformed CSV row (an unclosed quote; a field with a comma, "
                        + "quote or line break must be quoted, quotes doubled)");
                problems++;
                continue;
            }
            if (header == null) {
                header = cells.stream().map(String::strip).toList();
                fields.addAll(header);
                if (fields.size() != header.size() || fields.contains("")) {
                    problem.accept(file + ":" + (i + 1) + ": the header row needs distinct, non-empty field names");
                    return;
                }
                continue;
            }
            if (cells.size() != header.size()) {
                problem.accept(file + ":" + (i + 1) + ": " + cells.size() + " fields (expected " + header.size()
                        + ", as the header row)");
                problems++;
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < cells.size(); c++) row.put(header.get(c), cells.get(c));
            rows.add(row);
        }
    }

    /** One CSV line's fields (quotes undone), or {@code null} for an unclosed quote (line breaks in fields are not read). */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) return null;
        out.add(cell.toString());
        return out;
    }
}
