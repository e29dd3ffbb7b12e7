package dev.stampede.scenario;

import java.util.List;

/** Reads {@code client:}, the client's connection settings ({@link ClientSpec}). */
final class ClientReader {

    /** The keys {@code client:} may have. */
    static final List<String> KEYS = List.of("connections");

    /** The most {@code connections} a file may ask for (far above any open-files limit; guards typos). */
    static final int MAX_CONNECTIONS = 1_000_000;

    private ClientReader() {}

    static ClientSpec read(Fields f) {
        int connections = f.has("connections") ? f.integer("connections", 1, 1, MAX_CONNECTIONS) : ClientSpec.UNSET;
        return new ClientSpec(connections);
    }
}
