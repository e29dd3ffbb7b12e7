package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** client.http: 2 and client.tls are refused before anything runs when the target cannot take them. */
class ClientRefusalTest {

    @TempDir
    Path dir;

    private Path scenario(String client) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                name: c
                duration: 1s
                load: { rate: 10/s }
                strategies: [full]
                """ + client + "\n");
        return f;
    }

    @Test
    void httpTwoWithTheEmbeddedMockIsAUsageErrorForRunAndSim() throws Exception {
        Path f = scenario("client: { http: 2 }");
        for (String command : new String[] {"run", "sim"}) {
            CliHarness r = CliHarness.run(command, f.toString(), "--no-live");
            assertEquals(ExitCode.USAGE, r.exitCode(), command + ": " + r.err());
            assertTrue(r.err().contains("client.http: 2 needs a URL target: the embedded mock speaks HTTP/1.1 only"), r.err());
        }
    }

    @Test
    void tlsSettingsWithAPlainHttpTargetAreAUsageError() throws Exception {
        CliHarness r = CliHarness.run("run", scenario("client: { tls: { insecure: true } }").toString(), "--no-live",
                "--target", "http://127.0.0.1:9");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("client.tls applies to an https:// target only"), r.err());
    }
}
