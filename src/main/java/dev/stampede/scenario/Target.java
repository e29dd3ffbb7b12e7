package dev.stampede.scenario;

import java.net.URI;

/** Where attempts go: a fresh embedded mock per strategy, or a real base URL. */
public sealed interface Target {

    /** The embedded overload mock, started on 127.0.0.1 port 0 for each strategy. */
    record Embedded() implements Target {
        @Override public String toString() { return "embedded"; }
    }

    /** A real endpoint; {@code request.path} is appended to {@code baseUrl}. */
    record Url(URI baseUrl) implements Target {
        @Override public String toString() { return baseUrl.toString(); }
    }

    Target EMBEDDED = new Embedded();
}
