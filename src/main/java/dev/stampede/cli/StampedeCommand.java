package dev.stampede.cli;

import dev.stampede.scenario.ScenarioException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * Root command. Wires the exit-code mapping and the error handler; takes its streams as parameters so
 * tests run the CLI in-process. Only this package maps exceptions to exit codes. Its options and usage texts are
 * {@link RootCommand}'s; the subcommands are listed here, so that the root's own help and version can do without
 * building their models (see {@link #commandLine(PrintWriter, PrintWriter, String[])}).
 */
@Command(subcommands = {
                RunCommand.class,
                SimCommand.class,
                MockCommand.class,
                ValidateCommand.class,
                StrategiesCommand.class,
                ReportCommand.class,
                DiffCommand.class,
                MergeCommand.class,
                AutoComplete.GenerateCompletion.class,
        })
public final class StampedeCommand extends RootCommand {

    /** Runs the CLI in-process and returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err, args).execute(args);
    }

    /**
     * Every subcommand's name and description, in the order of {@code subcommands} above, from the constants their
     * annotations read: the root's own help shows no more of them. The constants are compiled in, so listing them
     * loads none of the classes. {@code StampedeCommandTest} checks them against the full model.
     */
    private static final String[][] STAND_INS = {
            {RunCommand.NAME, RunCommand.DESCRIPTION},
            {SimCommand.NAME, SimCommand.DESCRIPTION},
            {MockCommand.NAME, MockCommand.DESCRIPTION},
            {ValidateCommand.NAME, ValidateCommand.DESCRIPTION},
            {StrategiesCommand.NAME, StrategiesCommand.DESCRIPTION},
            {ReportCommand.NAME, ReportCommand.DESCRIPTION},
            {DiffCommand.NAME, DiffCommand.DESCRIPTION},
            {MergeCommand.NAME, MergeCommand.DESCRIPTION},
            {"generate-completion", ""},  // picocli's, hidden (configure)
    };

    /**
     * The command line for {@code args}. The root's own help and version ({@code stampede}, {@code --help}, {@code -h},
     * {@code --version} or {@code -V} alone) show no more of a subcommand than its name and description, so there the
     * root's model is built by hand ({@link RootCommand#standInSpec}) and the subcommands are stand-ins carrying just
     * those: building the full model means reflecting over every subcommand's fields, methods and annotations (and
     * loading the classes they name), and reading any annotation at all first makes the JDK generate a proxy class per
     * annotation type, together most of {@code --help}'s own work (docs/engine.md, "Start-up"). Everything else gets
     * the full model. {@code StampedeCommandTest} checks that both give the same texts.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        boolean rootOnly = args.length == 0 || (args.length == 1 && switch (args[0]) {
            case "--help", "-h", "--version", "-V" -> true;
            default -> false;
        });
        if (!rootOnly) return commandLine(out, err);
        RootCommand root = new RootCommand();
        CommandLine cl = new CommandLine(RootCommand.standInSpec(root));
        for (String[] sub : STAND_INS) {
            CommandLine.Model.CommandSpec standIn = CommandLine.Model.CommandSpec.create();
            standIn.usageMessage().description(sub[1]);
            cl.addSubcommand(sub[0], new CommandLine(standIn));
        }
        return configure(cl, root, out, err);
    }

    /** The full command line, every subcommand's model built. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        StampedeCommand root = new StampedeCommand();
        return configure(new CommandLine(root), root, out, err);
    }

    private static CommandLine configure(CommandLine cl, RootCommand root, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof ScenarioException se) {
                se.problems().forEach(p -> e.println(p));
                e.printf("%d problem%s; nothing was run.%n", se.problems().size(), se.problems().size() == 1 ? "" : "s");
                return ExitCode.USAGE;
            }
            if (ex instanceof UserException) {
                e.println("stampede: " + ex.getMessage());
                return ExitCode.USAGE;
            }
            e.println("stampede: unexpected error: " + ex);
            if (root.verbose) ex.printStackTrace(e);
            else e.println("(run again with --verbose for the stack trace)");
            return ExitCode.ERROR;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter e = c.getErr();
            e.println("stampede: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        return cl;
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = StampedeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"stampede " + (v == null ? "dev" : v),
                    "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
        }
    }
}
