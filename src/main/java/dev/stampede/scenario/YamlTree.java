package dev.stampede.scenario;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
            YamlNode root = readValue(p);
            JsonToken after = p.nextToken();
            if (after != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new SyntaxError("a scenario file holds one YAML document, found a second", at.getLineNr(), at.getColumnNr());
            }
            return root;
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(0, at.getLineNr());
            int column = at == null ? 0 : Math.max(0, at.getColumnNr());
            throw new SyntaxError("not valid YAML: " + firstLine(e.getOriginalMessage()), line, column);
        } catch (IOException e) {
            throw new SyntaxError("not readable as YAML: " + e.getMessage(), 0, 0);
        }
    }

    /** Reads the value whose first token is the parser's current token. */
    private static YamlNode readValue(JsonParser p) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                List<YamlNode.Entry> entries = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation keyAt = p.currentTokenLocation();
                    String key = p.currentName();
                    p.nextToken();
                    entries.add(new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), readValue(p)));
                }
                yield new YamlNode.Mapping(entries, line, column);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(readValue(p));
                yield new YamlNode.Sequence(items, line, column);
            }
            case VALUE_NULL -> new YamlNode.Null(line, column);
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_EMBEDDED_OBJECT ->
                    new YamlNode.Scalar(p.getText(), line, column);
            default -> throw new IOException("unexpected YAML token " + t);
        };
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
