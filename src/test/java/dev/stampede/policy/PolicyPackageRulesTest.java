package dev.stampede.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package's own promises, checked on its sources: no java.net, no clock, no threads, no sleeping.
 * Which of our packages it may use is {@code ArchitectureTest}'s business.
 */
class PolicyPackageRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/stampede/policy");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void importsNothingFromJavaNetNorAnyLibrary() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path file : sources()) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String name = m.group(2);
                boolean allowed = (name.startsWith("java.") && !name.startsWith("java.net")) || name.startsWith("dev.stampede.");
                if (!allowed) offending.add(file.getFileName() + ": " + name);
            }
        }
        assertEquals(List.of(), offending, "policy may import java.* (not java.net) and our own packages only");
    }

    @Test
    void readsNoClockStartsNoThreadAndSleepsNowhere() throws IOException {
        List<String> offending = new ArrayList<>();
        List<String> forbidden = List.of("System.nanoTime", "System.currentTimeMillis", "Instant.now", "Thread.sleep", "new Thread", "Thread.ofVirtual",
                "Executors.", "Math.random", "ThreadLocalRandom", "java.net");
        for (Path file : sources()) {
            String text = Files.readString(file);
            for (String f : forbidden) if (text.contains(f)) offending.add(file.getFileName() + ": " + f);
        }
        assertEquals(List.of(), offending, "time and randomness come from the caller");
        assertTrue(sources().size() >= 10, "found the policy sources under " + SOURCES.toAbsolutePath());
    }
}
