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
        if (!f.has("connections")) return ClientSpec.DEFAULT;
        YamlNode node = f.get("connections");
        if (node instanceof YamlNode.Scalar s && s.text().strip().equals("unlimited")) return new ClientSpec(ClientSpec.UNLIMITED);
        return new ClientSpec(f.integer("connections", 1, 1, MAX_CONNECTIONS));
    }
}
