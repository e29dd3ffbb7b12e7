package dev.stampede.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code client:} (docs/scenario-reference.md): {@code connections: N | unlimited}, {@code http: 1.1 | 2} and
 * {@code tls: {caFile: PATH} | {insecure: true}}. Whether the settings suit the target is checked when the run
 * starts ({@link ClientSpec#refusal}), because {@code --target} may change the target.
 */
final class ClientReader {

    /** The keys of {@code client:}. */
    static final List<String> KEYS = List.of("connections", "http", "tls");

    /** The most {@code connections} a file may ask for (far above any open-files limit; guards typos). */
    static final int MAX_CONNECTIONS = 1_000_000;
    static final List<String> TLS_KEYS = List.of("caFile", "insecure");

    private static final Map<String, ClientSpec.Http> VERSIONS = new LinkedHashMap<>();
    private static final Map<String, Boolean> BOOLEANS = new LinkedHashMap<>();

    static {
        VERSIONS.put("1.1", ClientSpec.Http.HTTP_1_1);
        VERSIONS.put("2", ClientSpec.Http.HTTP_2);
        BOOLEANS.put("true", true);
        BOOLEANS.put("false", false);
    }

    private ClientReader() {}

    /**
     * @param dir the scenario file's directory, against which a relative {@code caFile} is resolved ({@code null}:
     *            the working directory)
     */
    static ClientSpec read(Fields client, Path dir) {
        int connections = ClientSpec.UNSET;
        if (client.has("connections")) {
            YamlNode node = client.get("connections");
            connections = node instanceof YamlNode.Scalar s && s.text().strip().equals("unlimited") ? ClientSpec.UNLIMITED
                    : client.integer("connections", 1, 1, MAX_CONNECTIONS);
        }
        ClientSpec.Http http = client.choice("http", ClientSpec.Http.HTTP_1_1, VERSIONS);
        ClientSpec.Tls tls = ClientSpec.Tls.DEFAULT;
        if (client.has("tls")) {
            Fields t = Fields.of(client.problems(), client.get("tls"), client.path("tls"), TLS_KEYS);
            boolean insecure = Boolean.TRUE.equals(t.choice("insecure", false, BOOLEANS));
            Path caFile = null;
            if (t.has("caFile")) {
                String text = Scalars.text(t.problems(), t.get("caFile"), t.path("caFile"), "a path to a PEM file of CA certificates");
                if (text != null) {
                    Path p = Path.of(text.strip());
                    caFile = p.isAbsolute() || dir == null ? p : dir.resolve(p);
                    if (!Files.isReadable(caFile)) {
                        t.problems().expected(t.get("caFile"), t.path("caFile"), "no readable file at " + caFile,
                                "a path to a PEM file of CA certificates (relative to the scenario file)");
                        caFile = null;
                    }
                }
            }
            if (caFile != null && insecure) {
                YamlNode.Entry e = t.entry("insecure");
                t.problems().add(e.line(), e.column(), t.path("insecure"), "give either caFile (trust these certificates) "
                        + "or insecure: true (trust any), not both");
            } else {
                tls = new ClientSpec.Tls(caFile, insecure);
            }
        }
        return new ClientSpec(connections, http, tls);
    }
}
