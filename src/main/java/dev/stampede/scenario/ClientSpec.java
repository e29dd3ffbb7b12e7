package dev.stampede.scenario;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the live engine's HTTP client talks to the target ({@code client:}, docs/scenario-reference.md): the HTTP
 * version and the TLS trust settings. Connection settings of the whole run, not of a request template.
 *
 * @param http the HTTP version the client asks for
 * @param tls  how the target's certificate is checked
 */
public record ClientSpec(Http http, Tls tls) {

    /** HTTP/1.1, the JDK's default certificate checks. */
    public static final ClientSpec DEFAULT = new ClientSpec(Http.HTTP_1_1, Tls.DEFAULT);

    public ClientSpec {
        http = http == null ? Http.HTTP_1_1 : http;
        tls = tls == null ? Tls.DEFAULT : tls;
    }

    /** The HTTP version: {@code 1.1}, or {@code 2} (many streams over one connection per target, negotiated by TLS ALPN). */
    public enum Http {
        HTTP_1_1("1.1"), HTTP_2("2");

        public final String text;

        Http(String text) { this.text = text; }
    }

    /**
     * TLS trust. Never weaker than the JDK's default unless the scenario says {@code insecure: true}.
     *
     * @param caFile   PEM file of the certificates to trust instead of the JDK's (as curl's {@code --cacert}), or
     *                 {@code null} for the JDK's trust store; resolved against the scenario file's directory
     * @param insecure accept any certificate for any host name (a warning is printed at the start of every run)
     */
    public record Tls(Path caFile, boolean insecure) {
        public static final Tls DEFAULT = new Tls(null, false);

        public Tls {
            if (caFile != null && insecure) {
                throw new IllegalArgumentException("caFile and insecure contradict each other: give one");
            }
        }

        /** True when the scenario changes nothing about certificate checks. */
        public boolean isDefault() { return caFile == null && !insecure; }
    }

    /**
     * Why these settings cannot be used against {@code target}, with the fix; empty when they can. The embedded mock
     * speaks plain HTTP/1.1; HTTP/2 needs TLS (the JDK client negotiates it with ALPN; over plain http it would ask for
     * an h2c upgrade most servers ignore, and quietly stay on HTTP/1.1); TLS settings need an https target.
     */
    public Optional<String> refusal(Target target) {
        boolean https = target instanceof Target.Url url && "https".equalsIgnoreCase(url.baseUrl().getScheme());
        if (http == Http.HTTP_2 && target instanceof Target.Embedded) {
            return Optional.of("client.http: 2 needs a URL target: the embedded mock speaks HTTP/1.1 only; use "
                    + "--target https://HOST (a server with TLS and HTTP/2) or drop client.http");
        }
        if (http == Http.HTTP_2 && !https) {
            return Optional.of("client.http: 2 needs an https:// target: the JDK client negotiates HTTP/2 through TLS "
                    + "(ALPN); over plain http it would stay on HTTP/1.1 with most servers");
        }
        if (!tls.isDefault() && !https) {
            return Optional.of("client.tls applies to an https:// target only (the target is "
                    + (target instanceof Target.Url u ? u.baseUrl() : "the embedded mock, plain http") + "); drop client.tls");
        }
        return Optional.empty();
    }
}
