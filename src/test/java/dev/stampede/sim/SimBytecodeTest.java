package dev.stampede.sim;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's compiled classes never reach for the network, a sleep or a wall clock: checked on the
 * bytecode's constant pools, so fully-qualified uses that a source scan could miss count too.
 */
class SimBytecodeTest {

    @Test
    void noSimulatorClassReferencesTheNetworkASleepOrTheWallClock() throws IOException {
        Path classes = Path.of("target/classes/dev/stampede/sim");
        List<Path> files;
        try (Stream<Path> s = Files.list(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "expected the simulator's classes under " + classes + ", found " + files.size());
        List<String> violations = new ArrayList<>();
        for (Path f : files) {
            String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String forbidden : List.of("java/net/http/", "java/net/Socket", "java/net/ServerSocket",
                    "currentTimeMillis", "nanoTime")) {
                if (pool.contains(forbidden)) violations.add(f.getFileName() + " references " + forbidden);
            }
            if (pool.contains("java/lang/Thread") && pool.contains("sleep")) violations.add(f.getFileName() + " calls Thread.sleep");
        }
        assertEquals(List.of(), violations);
    }
}
