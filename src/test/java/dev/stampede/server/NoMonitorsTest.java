package dev.stampede.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mock's request path runs on virtual threads: on JDK 21 a virtual thread blocked inside {@code synchronized}
 * pins its carrier, so the server package guards its hot paths with {@link java.util.concurrent.locks.ReentrantLock}.
 * This rule keeps it so (pinning itself cannot be measured on JDK 24+, where monitors no longer pin).
 */
class NoMonitorsTest {

    /** A {@code synchronized} block or method, except the exception's {@code fillInStackTrace} override (never contended). */
    private static final Pattern MONITOR = Pattern.compile("\\bsynchronized\\b(?!\\s+Throwable fillInStackTrace)");

    @Test
    void theServerPackageUsesNoMonitors() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/stampede/server"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> !l.strip().startsWith("*") && !l.strip().startsWith("//"))
                            .filter(l -> MONITOR.matcher(l).find()).map(l -> p.getFileName() + ": " + l.strip());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
    }
}
