package dev.stampede;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package rules of docs/architecture.md, checked on the sources: every import and every
 * fully-qualified reference to one of our packages or to a forbidden JDK package counts.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/stampede");
    private static final Pattern OUR_REF = Pattern.compile("\\bdev\\.stampede\\.([a-z]+)\\b");

    /** Which of our packages each package may use; a package not listed here may use none but itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("scenario", Set.of()),
            Map.entry("retry", Set.of("scenario")),
            Map.entry("policy", Set.of("scenario", "retry")),
            Map.entry("server", Set.of("scenario", "metrics")),
            Map.entry("metrics", Set.of("scenario", "retry")),
            Map.entry("experiment", Set.of("scenario", "metrics")),
            Map.entry("report", Set.of("scenario", "retry", "metrics", "experiment")),
            Map.entry("lifecycle", Set.of("scenario", "retry", "policy", "metrics")),
            Map.entry("load", Set.of("scenario", "retry", "policy", "lifecycle", "server", "metrics", "report")),
            Map.entry("sim", Set.of("scenario", "retry", "policy", "lifecycle", "server", "metrics", "report")),
            Map.entry("ui", Set.of("scenario", "metrics", "report")),
            Map.entry("exposition", Set.of("metrics")),
            Map.entry("run", Set.of("scenario", "retry", "metrics", "report", "experiment")),
            Map.entry("cli", Set.of("scenario", "retry", "policy", "server", "metrics", "experiment", "report", "lifecycle", "load", "sim", "ui", "run", "exposition")));

    /** The request lifecycle is a pure state machine: no clock, no threads, no I/O (docs/architecture.md). */
    @Test
    void theRequestLifecycleHasNoClockNoThreadsAndNoIo() {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            if (!MAIN.relativize(file).startsWith("lifecycle")) continue;
            String text = read(file);
            for (String forbidden : List.of("java.net", "java.io", "java.nio", "Thread", "System.nanoTime", "Instant",
                    "Clock", "ExecutorService", "synchronized", ".sleep(", ".await(")) {
                if (text.contains(forbidden)) violations.add(MAIN.relativize(file) + " uses " + forbidden);
            }
        }
        assertEquals(List.of(), violations, "the lifecycle takes events and returns actions; its engines do the rest");
    }

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String own = MAIN.relativize(file).getName(0).toString();
            Set<String> allowed = ALLOWED.getOrDefault(own, Set.of());
            Matcher m = OUR_REF.matcher(read(file));
            while (m.find()) {
                String used = m.group(1);
                if (!used.equals(own) && !used.equals("stampede") && !allowed.contains(used)) {
                    violations.add(MAIN.relativize(file) + " uses dev.stampede." + used);
                }
            }
        }
        assertEquals(List.of(), violations.stream().distinct().toList(), "package rule violations");
    }

    @Test
    void nothingOutsideCliDependsOnCli() {
        assertEquals(List.of(), filesOutsideCliMentioning("dev.stampede.cli"), "only cli may use cli");
    }

    @Test
    void onlyCliUsesTheCommandLineLibrary() {
        assertEquals(List.of(), filesOutsideCliMentioning("picocli"), "the run flow and the engines do not parse command lines");
    }

    private static List<String> filesOutsideCliMentioning(String text) {
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            if (!MAIN.relativize(file).startsWith("cli") && read(file).contains(text)) found.add(MAIN.relativize(file).toString());
        }
        return found;
    }

    @Test
    void theSimulatorAndThePureModelsNeverTouchTheNetworkOrSleep() {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String pkg = MAIN.relativize(file).getName(0).toString();
            String name = file.getFileName().toString();
            boolean pure = pkg.equals("sim") || pkg.equals("retry") || pkg.equals("policy") || pkg.equals("metrics")
                    || pkg.equals("lifecycle")
                    || name.equals("OverloadModel.java") || name.equals("OccRecord.java");
            if (!pure) continue;
            String text = read(file);
            for (String forbidden : List.of("java.net.http", "java.net.Socket", "java.net.ServerSocket",
                    "Thread.sleep", "System.currentTimeMillis", "Math.random")) {
                if (text.contains(forbidden)) violations.add(MAIN.relativize(file) + " uses " + forbidden);
            }
        }
        assertEquals(List.of(), violations, "pure packages must take time and randomness injected and do no I/O");
    }

    @Test
    void theRulesCoverEveryPackageThatExists() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            List<String> unknown = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(p -> !ALLOWED.containsKey(p)).toList();
            assertTrue(unknown.isEmpty(), "add these packages to ArchitectureTest.ALLOWED: " + unknown);
        }
    }

    private static List<Path> sources() {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
