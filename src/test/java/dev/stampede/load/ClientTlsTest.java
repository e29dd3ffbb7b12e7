package dev.stampede.load;

import dev.stampede.scenario.ClientSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientTlsTest {

    @Test
    void theDefaultKeepsTheJdksTlsAndHttp11() throws Exception {
        try (HttpClient c = ClientTls.apply(HttpClient.newBuilder(), ClientSpec.DEFAULT).build()) {
            assertEquals(HttpClient.Version.HTTP_1_1, c.version());
            assertSame(javax.net.ssl.SSLContext.getDefault(), c.sslContext(), "never weaker by default: the JDK's own context");
        }
    }

    @Test
    void httpTwoAndInsecureChangeTheClient() {
        ClientSpec spec = new ClientSpec(ClientSpec.Http.HTTP_2, new ClientSpec.Tls(null, true));
        try (HttpClient c = ClientTls.apply(HttpClient.newBuilder(), spec).build()) {
            assertEquals(HttpClient.Version.HTTP_2, c.version());
            assertNotSame(c.sslContext(), HttpClient.newHttpClient().sslContext());
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("ca.pem");
        Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        ClientSpec spec = new ClientSpec(ClientSpec.Http.HTTP_1_1, new ClientSpec.Tls(bad, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientTls.check(spec));
        assertTrue(e.getMessage().startsWith("client.tls.caFile " + bad), e.getMessage());
    }
}
