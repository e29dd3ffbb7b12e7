package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @ParameterizedTest
    @ValueSource(strings = {"", "--help", "-h", "--version", "-V"})
    void theRootsOwnHelpAndVersionWithStandInSubcommandsEqualTheFullModels(String arg) {
        String[] args = arg.isEmpty() ? new String[0] : new String[] {arg};
        StringWriter standInOut = new StringWriter();
        StringWriter standInErr = new StringWriter();
        int standInCode = StampedeCommand.commandLine(new PrintWriter(standInOut, true), new PrintWriter(standInErr, true), args)
                .execute(args);
        StringWriter fullOut = new StringWriter();
        StringWriter fullErr = new StringWriter();
        int fullCode = StampedeCommand.commandLine(new PrintWriter(fullOut, true), new PrintWriter(fullErr, true)).execute(args);
        assertTrue(fullOut.toString().startsWith("stampede") || fullOut.toString().startsWith("Usage: stampede"),
                fullOut.toString());
        assertEquals(fullOut.toString(), standInOut.toString());
        assertEquals(fullErr.toString(), standInErr.toString());
        assertEquals(fullCode, standInCode);
    }

    @Test
    void onlyTheRootsOwnHelpUsesStandInsAndASubcommandsHelpGetsItsFullModel() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        CommandLine.Model.CommandSpec underRootHelp = StampedeCommand.commandLine(sink, sink, new String[] {"--help"})
                .getSubcommands().get("run").getCommandSpec();
        CommandLine.Model.CommandSpec underRunHelp = StampedeCommand.commandLine(sink, sink, new String[] {"run", "--help"})
                .getSubcommands().get("run").getCommandSpec();
        assertFalse(underRootHelp.optionsMap().containsKey("--duration"), underRootHelp.optionsMap().keySet().toString());
        assertFalse(underRootHelp.userObject() instanceof RunCommand, String.valueOf(underRootHelp.userObject()));
        assertTrue(underRunHelp.userObject() instanceof RunCommand, String.valueOf(underRunHelp.userObject()));
        assertTrue(underRunHelp.optionsMap().containsKey("--duration"), underRunHelp.optionsMap().keySet().toString());
        assertTrue(underRunHelp.commandLine().getUsageMessage().contains("--verbose"), "the root's --verbose is inherited");
        assertEquals(List.copyOf(StampedeCommand.commandLine(sink, sink).getSubcommands().keySet()),
                List.copyOf(StampedeCommand.commandLine(sink, sink, new String[] {"--help"}).getSubcommands().keySet()),
                "the root's help has a stand-in for every subcommand, in the same order");
    }
}
