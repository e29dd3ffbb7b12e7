package dev.stampede.scenario;

import java.time.Duration;
import java.util.List;

/**
 * What a scenario sends: its request templates ({@code request:} is a mix of one) and the data file their
 * {@code {{data.FIELD}}} variables read (docs/scenario-reference.md, "Request mixes and data").
 *
 * @param templates at least one; names unique
 * @param data      the data file, or {@code null} for none
 */
public record RequestMix(List<RequestTemplate> templates, DataSpec data) {

    public RequestMix {
        templates = List.copyOf(templates);
        if (templates.isEmpty()) throw new IllegalArgumentException("a mix needs at least one template");
        if (templates.stream().map(RequestTemplate::name).distinct().count() != templates.size()) {
            throw new IllegalArgumentException("template names must be unique");
        }
    }

    /** The mix of one plain request (no variables, no data): a scenario with {@code request:} only. */
    public static RequestMix single(RequestSpec request) {
        return new RequestMix(List.of(RequestTemplate.plain(request.method() + " " + request.path(), 1, request)), null);
    }

    /**
     * True when every request is the same bytes: one template, no variables, no data. Engines then build the request
     * once (the path every run took before mixes).
     */
    public boolean fixed() {
        return templates.size() == 1 && data == null && !templates.getFirst().variable();
    }

    /** True when the report breaks figures down per template (more than one). */
    public boolean breakdown() {
        return templates.size() > 1;
    }

    /** The longest per-attempt timeout of any template (what the live engine's drain waits for at most). */
    public Duration longestTimeout() {
        return templates.stream().map(RequestTemplate::timeout).max(Duration::compareTo).orElseThrow();
    }

    /** The template names, in order. */
    public List<String> names() {
        return templates.stream().map(RequestTemplate::name).toList();
    }
}
