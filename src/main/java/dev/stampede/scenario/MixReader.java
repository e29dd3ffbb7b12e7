package dev.stampede.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads what a scenario sends: {@code request:} (one template) or {@code mix:} (weighted templates), with the
 * {@code data:} file their variables read (docs/scenario-reference.md, "Request mixes and data"). Every template's
 * variables are checked here, before any load: an unknown variable, a data field the file lacks, a weight that is
 * not positive. A secret header's value is never quoted in a problem.
 */
final class MixReader {

    /** Keys of one {@code mix:} entry: a request's keys plus its name, weight and retry override. */
    static final List<String> ENTRY_KEYS = Stream.concat(Stream.of("name", "weight", "retry"), RequestReader.KEYS.stream()).toList();

    /** Stands for the fields of a data file that could not be read (that problem is reported once, by itself). */
    private static final Set<String> ANY_FIELD = new java.util.AbstractSet<>() {
        @Override public boolean contains(Object o) { return true; }
        @Override public java.util.Iterator<String> iterator() { return java.util.Collections.emptyIterator(); }
        @Override public int size() { return 0; }
    };

    private MixReader() {}

    /**
     * @param top          the scenario's top-level fields
     * @param root         the document (where a missing {@code request:} points)
     * @param scenarioFile the scenario's path ({@code data.file} is relative to its directory), or {@code null}
     * @param retry        the scenario's {@code retry:} (a template's retry keys are read over it)
     * @param defaultKey   the top-level {@code idempotencyKey} (a template's own overrides it), or {@code null}
     */
    static RequestMix read(Fields top, YamlNode root, Path scenarioFile, Map<String, String> env, RetrySpec retry,
                           String defaultKey) {
        Problems problems = top.problems();
        DataSpec data = top.has("data")
                ? DataReader.read(Fields.of(problems, top.get("data"), "data", DataReader.KEYS), scenarioFile)
                : null;
        // a data file that could not be read: its fields are unknown, so data.FIELD is not checked a second time
        Set<String> fields = data != null ? data.fields() : top.has("data") ? ANY_FIELD : null;
        if (top.has("mix") && top.has("request")) {
            YamlNode.Entry e = top.entry("mix");
            problems.add(e.line(), e.column(), "mix", "give either request (one template) or mix (several), not both");
        }
        List<RequestTemplate> templates = new ArrayList<>();
        if (top.has("mix")) {
            YamlNode node = top.get("mix");
            if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
                problems.expected(node, "mix", node instanceof YamlNode.Sequence ? "no templates" : "wrong type",
                        "a non-empty list of request templates, such as [{name: read, weight: 9, path: /items}, "
                                + "{name: write, weight: 1, method: POST, path: /items}]");
            } else {
                Map<String, Integer> names = new HashMap<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    String path = "mix[" + i + "]";
                    Fields f = Fields.of(problems, seq.items().get(i), path, ENTRY_KEYS);
                    RequestTemplate t = template(f, env, fields, retry, true, data, defaultKey);
                    Integer first = names.putIfAbsent(t.name(), i);
                    if (first != null) {
                        YamlNode at = f.has("name") ? f.get("name") : f.node();
                        problems.add(at, f.path("name"), "duplicate template name " + t.name() + " (first used by mix[" + first
                                + "]; expected a unique name)");
                    }
                    templates.add(t);
                }
            }
        }
        if (templates.isEmpty()) {
            Fields f = Fields.of(problems, top.has("request") ? top.get("request") : new YamlNode.Null(root.line(), root.column()),
                    "request", RequestReader.KEYS);
            templates.add(template(f, env, fields, retry, false, data, defaultKey));
        }
        try {
            return new RequestMix(templates, data);
        } catch (IllegalArgumentException e) {
            return RequestMix.single(templates.getFirst().request());  // reported above
        }
    }

    /** A header cannot carry a line break: a data field a header uses must have none in any row. */
    private static void lineBreaks(TemplateText header, DataSpec data, Problems problems, YamlNode at, String path) {
        if (data == null) return;
        for (String field : header.dataFields()) {
            for (int i = 0; i < data.rows().size(); i++) {
                String v = data.rows().get(i).get(field);
                if (v != null && v.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    problems.add(at, path, "data field " + field + " of row " + (i + 1) + " of " + data.file()
                            + " holds a line break, which a header value cannot carry");
                    return;
                }
            }
        }
    }

    private static RequestTemplate template(Fields f, Map<String, String> env, Set<String> dataFields, RetrySpec retry,
                                            boolean entry, DataSpec data, String defaultKey) {
        Problems problems = f.problems();
        RequestSpec request = RequestReader.read(f, env, defaultKey);
        if (request.path().startsWith("//")) {
            problems.expected(f.get("path"), f.path("path"), "a path cannot name a host",
                    "a path starting with a single /, such as /v1/messages (the host comes from target)");
        }
        String name = entry && f.has("name") ? f.text("name", "").strip() : request.method() + " " + request.path();
        if (name.isEmpty()) problems.expected(f.get("name"), f.path("name"), "empty", "a non-empty name");
        double weight = entry ? f.number("weight", 1, Double.MIN_VALUE, 1e9, "a positive number such as 1 or 0.25") : 1;
        RetryOverride override = null;
        if (entry && f.has("retry")) {
            Fields r = Fields.of(problems, f.get("retry"), f.path("retry"), RetryOverride.KEYS);
            RetrySpec values = RetryReader.read(r, retry);
            override = new RetryOverride(Set.copyOf(r.keys()), values);
        }
        TemplateText path = compile(request.path(), dataFields, problems, f.has("path") ? f.get("path") : f.node(),
                f.path("path"), false);
        List<TemplateText> headers = new ArrayList<>();
        YamlNode headersAt = f.has("headers") ? f.get("headers") : f.node();
        for (RequestSpec.Header h : request.headers()) {
            TemplateText value = compile(h.value(), dataFields, problems, headersAt, f.path("headers") + "." + h.name(), h.secret());
            headers.add(value);
            lineBreaks(value, data, problems, headersAt, f.path("headers") + "." + h.name());
        }
        TemplateText body = compile(request.body(), dataFields, problems, f.has("body") ? f.get("body") : f.node(),
                f.path("body"), false);
        return new RequestTemplate(name.isEmpty() ? "request" : name, weight, request, override, path, headers, body);
    }

    private static TemplateText compile(String text, Set<String> dataFields, Problems problems, YamlNode at, String path,
                                        boolean secret) {
        boolean[] reported = {false};
        return TemplateText.compile(text, dataFields, message -> {
            if (!secret) {
                problems.add(at, path, message);
            } else if (!reported[0]) {
                // the message could quote part of a credential: say where, not what
                problems.add(at, path, "a template variable in this secret header's value is not valid (expected "
                        + TemplateText.VARIABLES + ")");
            }
            reported[0] = true;
        });
    }

    /**
     * A template's retry keys must fit under the scenario's {@code retry:} and every policy's (a template's
     * {@code cap} below a policy's {@code base} is a problem here, not at run time).
     */
    static void checkOverrides(Fields top, RequestMix mix, RetrySpec retry, Map<String, PolicyDef> policies) {
        for (int i = 0; i < mix.templates().size(); i++) {
            RetryOverride o = mix.templates().get(i).retry();
            if (o == null) continue;
            List<RetrySpec> unders = new ArrayList<>();
            unders.add(retry);
            policies.values().forEach(p -> unders.add(p.retry()));
            for (RetrySpec under : unders) {
                try {
                    o.over(under);
                } catch (IllegalArgumentException e) {
                    YamlNode at = top.get("mix") instanceof YamlNode.Sequence s ? s.items().get(i) : top.node();
                    top.problems().add(at, "mix[" + i + "].retry", "does not fit a policy's retry settings: " + e.getMessage());
                    break;
                }
            }
        }
    }
}
