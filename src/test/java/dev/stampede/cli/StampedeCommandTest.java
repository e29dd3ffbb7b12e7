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
