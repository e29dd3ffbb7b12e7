package dev.stampede;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No monitors on the hot paths (docs/engine.md, "Locks"): on JDK 21 a virtual thread that blocks in a
 * {@code synchronized} block or method pins its carrier thread, so the code a client or the mock runs per request
 * takes {@code ReentrantLock}s. JDK 24 and later no longer pin there, so this cannot be measured on this machine's
 * JDK 25: the rule is checked on the sources instead.
 */
class HotPathLockTest {

    private static final Path MAIN = Path.of("src/main/java/dev/stampede");

    /** The packages whose code runs per request or per attempt, on client or mock threads. */
    static final List<String> HOT_PACKAGES = List.of("load", "server", "metrics", "policy", "lifecycle", "exposition");

    /** Monitors in any spelling: the keyword, and JDK classes whose methods are synchronized. */
    static final List<String> FORBIDDEN = List.of("synchronized", "Collections.synchronized", "StringBuffer", "Hashtable",
            "Vector<", "SynchronizedHistogram", ".wait(", ".notify(", ".notifyAll(");

    @Test
    void theHotPathPackagesUseNoMonitors() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (String pkg : HOT_PACKAGES) {
            try (Stream<Path> s = Files.walk(MAIN.resolve(pkg))) {
                for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    String code = withoutComments(Files.readString(f));
                    for (String word : FORBIDDEN) {
                        if (code.contains(word)) violations.add(MAIN.relativize(f) + " uses " + word);
                    }
                }
            }
        }
        assertTrue(files > 50, "the rule read the sources (" + files + " files)");
        assertEquals(List.of(), violations, "use a ReentrantLock (or an atomic) instead: a monitor pins a virtual "
                + "thread's carrier on JDK 21");
    }

    @Test
    void theRuleSeesAKeywordInCodeAndNotInAComment() {
        assertTrue(withoutComments("class A { synchronized void f() {} }").contains("synchronized"));
        assertTrue(!withoutComments("/** synchronized retries */ class A { // synchronized\n }").contains("synchronized"));
    }

    /** The source without its comments (string literals are kept: none of the words appears in one). */
    static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}
