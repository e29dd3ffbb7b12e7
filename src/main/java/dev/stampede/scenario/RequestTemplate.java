package dev.stampede.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One request template of a scenario: {@code request:} alone, or one entry of {@code mix:}. Its path, header values
 * and body may hold per-request variables ({@link TemplateText}); {@code ${NAME}} in header values is already
 * resolved.
 *
 * @param name    shown in reports and as the label in JSON; unique in the mix
 * @param weight  its share of the arrivals is weight / sum of weights; {@code > 0}
 * @param request method, path, headers, body (as written, variables unresolved) and per-attempt timeout
 * @param retry   the template's own retry keys over each row's policy, or {@code null} for none
 * @param path    the compiled path
 * @param headers the compiled header values, in the order of {@code request.headers()}
 * @param body    the compiled body
 */
public record RequestTemplate(String name, double weight, RequestSpec request, RetryOverride retry, TemplateText path,
                              List<TemplateText> headers, TemplateText body) {

    public RequestTemplate {
        Objects.requireNonNull(name, "name");
        if (!(weight > 0) || Double.isInfinite(weight)) throw new IllegalArgumentException("weight must be > 0, got " + weight);
        Objects.requireNonNull(request, "request");
        headers = List.copyOf(headers);
        if (headers.size() != request.headers().size()) throw new IllegalArgumentException("one compiled value per header");
    }

    /** A template without variables: {@code request} as written. */
    public static RequestTemplate plain(String name, double weight, RequestSpec request) {
        return new RequestTemplate(name, weight, request, null, TemplateText.literal(request.path()),
                request.headers().stream().map(h -> TemplateText.literal(h.value())).toList(), TemplateText.literal(request.body()));
    }

    /** True when some request of this template differs from another (it has variables). */
    public boolean variable() {
        return path.variable() || body.variable() || headers.stream().anyMatch(TemplateText::variable);
    }

    public Duration timeout() { return request.timeout(); }
}
