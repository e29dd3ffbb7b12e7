package dev.stampede.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StampedeCommandTest {

    @Test
    void versionNamesTheToolAndExitsZero() {
        CliHarness r = CliHarness.run("--version");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("stampede "), r.out());
    }

    @Test
    void helpListsEverySubcommandOfTheDesign() {
        CliHarness r = CliHarness.run("--help");
        assertEquals(ExitCode.OK, r.exitCode());
        for (String c : new String[] {"run", "sim", "mock", "validate", "strategies", "report", "diff", "merge"}) {
            assertTrue(r.out().contains("  " + c + " "), "help should list '" + c + "':\n" + r.out());
        }
    }

    /**
     * picocli formats descriptions with {@code String.format} and, when one fails (a lone {@code %}), writes a warning
     * to {@code System.err} on every help page: "95 % interval" once printed three warnings under {@code run --help}.
     */
    @Test
    void everyHelpPageRendersWithoutAFormatWarning() {
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        String helps;
        try {
            StringBuilder all = new StringBuilder(CliHarness.run("--help").out());
            for (String c : new String[] {"run", "sim", "mock", "validate", "strategies", "report", "diff", "merge"}) {
                CliHarness r = CliHarness.run(c, "--help");
                assertEquals(ExitCode.OK, r.exitCode(), c + ": " + r.err());
                all.append(r.out());
            }
            helps = all.toString();
        } finally {
            System.setErr(before);
        }
        String warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!warnings.contains("picocli WARN"), warnings);
        assertTrue(helps.contains("95 % interval"), "the repeat option's description, with its percent sign:\n" + helps);
    }

    @Test
    void anUnknownOptionIsAUsageErrorThatNamesTheOption() {
        CliHarness r = CliHarness.run("strategies", "--bogus");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--bogus"), r.err());
    }

    @Test
    void aMistypedSubcommandGetsASuggestion() {
        CliHarness r = CliHarness.run("strategie");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("strategies"), r.err());
    }
}
