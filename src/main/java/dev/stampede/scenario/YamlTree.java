package dev.stampede.scenario;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML text into a {@link YamlNode} tree that keeps line and column of every key and value. */
final class YamlTree {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlTree() {}

    /** The YAML is not well-formed; the position is where the parser gave up. */
    static final class SyntaxError extends Exception {
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    /**
     * Reads one YAML document. An empty document reads as {@link YamlNode.Null} at 1:1.
     *
     * @throws SyntaxError when the text is not YAML, or holds more than one document
     */
    static YamlNode read(String yaml) throws SyntaxError {
        try (YAMLParser p = (YAMLParser) FACTORY.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) return new YamlNode.Null(1, 1);
            YamlNode root = readValue(p, new HashMap<>());
            JsonToken after = p.nextToken();
            if (after != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new SyntaxError("a scenario file holds one YAML document, found a second", at.getLineNr(), at.getColumnNr());
            }
            return root;
        } catch (JacksonException e) {
            MarkedYAMLException marked = markedCause(e);
            if (marked != null && marked.getProblemMark() != null) {
                Mark m = marked.getProblemMark();
                String context = marked.getContext() == null ? "" : marked.getContext().strip() + ": ";
                throw new SyntaxError("not valid YAML: " + context + firstLine(marked.getProblem()), m.getLine() + 1, m.getColumn() + 1);
            }
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(0, at.getLineNr());
            int column = at == null ? 0 : Math.max(0, at.getColumnNr());
            String message = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Expected a field name")
                    ? "a key must be plain text, not a list or a map" : firstLine(e.getOriginalMessage());
            throw new SyntaxError("not valid YAML: " + message, line, column);
        } catch (IOException e) {
            throw new SyntaxError("not readable as YAML: " + e.getMessage(), 0, 0);
        }
    }

    /**
     * Reads the value whose first token is the parser's current token. {@code &anchor}s are remembered and
     * {@code *alias}es resolve to the anchored node (Jackson reports an alias as a string holding its name).
     */
    private static YamlNode readValue(YAMLParser p, Map<String, YamlNode> anchors) throws IOException, SyntaxError {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        if (p.isCurrentAlias()) {
            YamlNode target = anchors.get(p.getText());
            if (target == null) {
                // Jackson keeps the anchors of maps and lists but not those of single values
                throw new SyntaxError("alias *" + p.getText() + " does not name an anchored map or list before it "
                        + "(anchors on single values are not supported: repeat the value)", line, column);
            }
            return target;
        }
        String anchor = p.getObjectId() instanceof String s ? s : null;
        YamlNode node = readUnaliased(p, anchors, line, column);
        if (anchor != null) anchors.put(anchor, node);
        return node;
    }

    private static YamlNode readUnaliased(YAMLParser p, Map<String, YamlNode> anchors, int line, int column)
            throws IOException, SyntaxError {
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                List<YamlNode.Entry> entries = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation keyAt = p.currentTokenLocation();
                    String key = p.currentName();
                    p.nextToken();
                    entries.add(new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), readValue(p, anchors)));
                }
                yield new YamlNode.Mapping(entries, line, column);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(readValue(p, anchors));
                yield new YamlNode.Sequence(items, line, column);
            }
            case VALUE_NULL -> new YamlNode.Null(line, column);
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_EMBEDDED_OBJECT ->
                    new YamlNode.Scalar(p.getText(), line, column);
            default -> throw new IOException("unexpected YAML token " + t);
        };
    }

    private static MarkedYAMLException markedCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m) return m;
        }
        return null;
    }

    /**
     * SnakeYAML's messages quote the offending source line; only the first line (the problem itself) is
     * kept, so that a literal credential near a syntax error is never printed.
     */
    private static String firstLine(String message) {
        if (message == null) return "syntax error";
        String s = message.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
