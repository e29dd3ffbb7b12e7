package dev.stampede.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code client:}: reading http and tls, and which targets they suit. */
class ClientSpecTest {

    static final String MINIMAL = ScenarioLoaderTest.MINIMAL;

    static final Target HTTPS = new Target.Url(URI.create("https://127.0.0.1:8443"));
    static final Target HTTP = new Target.Url(URI.create("http://127.0.0.1:8080"));

    @Test
    void withoutAClientSectionTheClientSpeaksHttp11WithTheJdksCertificateChecks() throws ScenarioException {
        Scenario s = ScenarioLoaderTest.parse(MINIMAL);
        assertEquals(ClientSpec.DEFAULT, s.client());
        assertTrue(s.client().tls().isDefault());
        assertEquals(Optional.empty(), s.client().refusal(Target.EMBEDDED));
    }

    @Test
    void httpTwoAndACaFileRelativeToTheScenarioAreRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "not checked here");
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, MINIMAL + "client: { http: 2, tls: { caFile: ca.pem } }\n");
        Scenario s = ScenarioLoader.load(file, ScenarioLoaderTest.KNOWN, java.util.Map.of());
        assertEquals(ClientSpec.Http.HTTP_2, s.client().http());
        assertEquals(dir.resolve("ca.pem").toAbsolutePath(), s.client().tls().caFile().toAbsolutePath());
        assertEquals(ClientSpec.Http.HTTP_1_1, ScenarioLoaderTest.parse(MINIMAL + "client: { http: \"1.1\" }\n").client().http());
        assertTrue(ScenarioLoaderTest.parse(MINIMAL + "client: { tls: { insecure: true } }\n").client().tls().insecure());
    }

    @Test
    void badClientSettingsAreProblemsWithFileLineAndColumn() {
        List<String> ps = ScenarioLoaderTest.problems(MINIMAL + """
                client:
                  http: 3
                  tls: { caFile: /no/such/ca.pem, insecure: yes }
                """).stream().map(ScenarioException.Problem::toString).toList();
        assertEquals(3, ps.size(), ps.toString());
        assertTrue(ps.get(0).startsWith("s.yaml:4:9: client.http: unknown value (did you mean 2?) (got 3; expected one of 1.1, 2)"), ps.get(0));
        assertTrue(ps.stream().anyMatch(p -> p.startsWith("s.yaml:5:18: client.tls.caFile: no readable file at /no/such/ca.pem")), ps.toString());
        assertTrue(ps.stream().anyMatch(p -> p.contains("client.tls.insecure: unknown value (got yes; expected one of true, false)")), ps.toString());
    }

    @Test
    void aCaFileAndInsecureTogetherAreAProblem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, MINIMAL + "client: { tls: { caFile: ca.pem, insecure: true } }\n");
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.load(file, ScenarioLoaderTest.KNOWN, java.util.Map.of()));
        assertTrue(e.getMessage().contains("client.tls.insecure: give either caFile (trust these certificates) or insecure: "
                + "true (trust any), not both"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClientSpec.Tls(dir.resolve("ca.pem"), true));
    }

    @Test
    void httpTwoIsRefusedWithTheEmbeddedMockAndWithPlainHttpAndAcceptedWithHttps() {
        ClientSpec h2 = new ClientSpec(ClientSpec.Http.HTTP_2, ClientSpec.Tls.DEFAULT);
        assertTrue(h2.refusal(Target.EMBEDDED).orElseThrow().startsWith("client.http: 2 needs a URL target: the embedded mock "
                + "speaks HTTP/1.1 only"), h2.refusal(Target.EMBEDDED).orElseThrow());
        assertTrue(h2.refusal(HTTP).orElseThrow().startsWith("client.http: 2 needs an https:// target"));
        assertEquals(Optional.empty(), h2.refusal(HTTPS));
    }

    @Test
    void tlsSettingsAreRefusedWithoutAnHttpsTarget() {
        ClientSpec insecure = new ClientSpec(ClientSpec.Http.HTTP_1_1, new ClientSpec.Tls(null, true));
        assertTrue(insecure.refusal(Target.EMBEDDED).orElseThrow().startsWith("client.tls applies to an https:// target only"));
        assertTrue(insecure.refusal(HTTP).orElseThrow().contains("http://127.0.0.1:8080"));
        assertEquals(Optional.empty(), insecure.refusal(HTTPS));
    }
}
