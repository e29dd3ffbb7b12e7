package dev.stampede.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies {@link NumericOverride}s to a {@link YamlNode} tree before the tree is validated. The tree is
 * immutable, so each override rebuilds the nodes on its path. A key the file does not set is added (the readers
 * then check it like any written key, so a misspelt key is an "unknown key" with a suggestion); a top-level key
 * or a key of {@code load}, {@code server}, {@code retry}, {@code request} or {@code sim} that does not exist is
 * refused here with the keys that do. Only values that are already numeric may be replaced: the target of a
 * sweep must be a number, not a word, a map or a list.
 */
final class YamlOverrides {

    private static final Pattern SEGMENT = Pattern.compile("([^\\[\\]]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /** The keys each top-level block may hold, for a clear message about an unknown path. */
    private static final Map<String, List<String>> BLOCK_KEYS = Map.of(
            "load", LoadReader.keys(),
            "server", ServerReader.KEYS,
            "retry", RetryReader.KEYS,
            "request", RequestReader.KEYS,
            "sim", List.of("network", "interval"));

    private YamlOverrides() {}

    /** The tree with every override applied, in order; a problem for each one that cannot apply. */
    static YamlNode apply(YamlNode root, List<NumericOverride> overrides, Problems problems) {
        YamlNode tree = root;
        for (NumericOverride o : overrides) {
            List<Step> steps = steps(o.path());
            String unknown = unknownKey(steps);
            if (unknown != null) {
                problems.add(root.line(), root.column(), o.path(), o.origin() + ": " + unknown);
                continue;
            }
            YamlNode replaced = set(tree, steps, 0, o, problems, "");
            if (replaced != null) tree = replaced;
        }
        return tree;
    }

    /** One path step: a map key, or a list index. */
    private record Step(String key, int index) {
        boolean isIndex() { return key == null; }
    }

    private static List<Step> steps(String path) {
        List<Step> out = new ArrayList<>();
        for (String part : path.split("\\.")) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) throw new IllegalArgumentException("not a key path: " + path);
            out.add(new Step(m.group(1), -1));
            Matcher i = INDEX.matcher(m.group(2));
            while (i.find()) out.add(new Step(null, Integer.parseInt(i.group(1))));
        }
        return out;
    }

    private static String unknownKey(List<Step> steps) {
        String top = steps.get(0).key();
        if (!ScenarioLoader.KEYS.contains(top)) {
            return "no scenario key '" + top + "'" + Suggestions.didYouMean(top, ScenarioLoader.KEYS)
                    + " (top-level keys: " + String.join(", ", ScenarioLoader.KEYS) + ")";
        }
        List<String> inner = BLOCK_KEYS.get(top);
        if (inner != null && steps.size() > 1 && !steps.get(1).isIndex() && !inner.contains(steps.get(1).key())) {
            String key = steps.get(1).key();
            return "no key '" + key + "' in " + top + Suggestions.didYouMean(key, inner) + " (its keys: " + String.join(", ", inner) + ")";
        }
        return null;
    }

    /**
     * {@code node} with the value at {@code steps[from..]} set; {@code null} after recording a problem.
     * {@code node} is {@code null} when the key is absent (it is created).
     */
    private static YamlNode set(YamlNode node, List<Step> steps, int from, NumericOverride o, Problems problems, String at) {
        if (from == steps.size()) {
            if (node == null || node instanceof YamlNode.Null) {
                return new YamlNode.Scalar(o.value().strip(), node == null ? 0 : node.line(), node == null ? 0 : node.column());
            }
            if (node instanceof YamlNode.Scalar s && NumericOverride.isNumeric(s.text())) {
                // the new value keeps the old one's position: a problem with it points at the line the sweep replaced
                return new YamlNode.Scalar(o.value().strip(), s.line(), s.column());
            }
            problems.add(node, o.path(), o.origin() + ": not a numeric key (got " + node.describe()
                    + "; expected a key that holds a number, such as load.clients, load.rate, server.capacity or retry.base)");
            return null;
        }
        Step step = steps.get(from);
        String here = step.isIndex() ? at + "[" + step.index() + "]" : at.isEmpty() ? step.key() : at + "." + step.key();
        if (step.isIndex()) {
            if (!(node instanceof YamlNode.Sequence seq) || step.index() >= seq.items().size()) {
                YamlNode where = node == null ? new YamlNode.Null(0, 0) : node;
                problems.add(where, o.path(), o.origin() + ": " + at + " has no item " + step.index() + " (got "
                        + (node == null ? "nothing" : node.describe()) + (node instanceof YamlNode.Sequence s
                        ? " of " + s.items().size() + " items" : "") + ")");
                return null;
            }
            YamlNode child = set(seq.items().get(step.index()), steps, from + 1, o, problems, here);
            if (child == null) return null;
            List<YamlNode> items = new ArrayList<>(seq.items());
            items.set(step.index(), child);
            return new YamlNode.Sequence(items, seq.line(), seq.column());
        }
        YamlNode.Mapping map;
        if (node == null || node instanceof YamlNode.Null) {
            int line = node == null ? 0 : node.line(), column = node == null ? 0 : node.column();
            map = new YamlNode.Mapping(List.of(), line, column);
        } else if (node instanceof YamlNode.Mapping m) {
            map = m;
        } else {
            problems.add(node, o.path(), o.origin() + ": " + (at.isEmpty() ? "the scenario" : at)
                    + " is not a map (got " + node.describe() + "), so it has no key '" + step.key() + "'");
            return null;
        }
        List<YamlNode.Entry> entries = new ArrayList<>(map.entries());
        int found = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).key().equals(step.key())) found = i;
        }
        YamlNode child = set(found < 0 ? null : entries.get(found).value(), steps, from + 1, o, problems, here);
        if (child == null) return null;
        if (found < 0) {
            entries.add(new YamlNode.Entry(step.key(), map.line(), map.column(), child));
        } else {
            YamlNode.Entry e = entries.get(found);
            entries.set(found, new YamlNode.Entry(e.key(), e.line(), e.column(), child));
        }
        return new YamlNode.Mapping(entries, map.line(), map.column());
    }
}
