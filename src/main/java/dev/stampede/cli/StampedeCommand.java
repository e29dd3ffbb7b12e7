package dev.stampede.cli;

import dev.stampede.scenario.ScenarioException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * Root command. Wires the exit-code mapping and the error handler; takes its streams as parameters so
 * tests run the CLI in-process. Only this package maps exceptions to exit codes.
 */
@Command(name = "stampede",
        mixinStandardHelpOptions = true,
        versionProvider = StampedeCommand.Version.class,
        description = "Load and chaos tester for retry behaviour under overload: what do your clients' retries do to "
                + "your service when it overloads?",
        subcommands = {
                RunCommand.class,
                SimCommand.class,
                MockCommand.class,
                ValidateCommand.class,
                StrategiesCommand.class,
                ReportCommand.class,
                DiffCommand.class,
                MergeCommand.class,
                AutoComplete.GenerateCompletion.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:unexpected error",
                "2:usage error or invalid scenario (nothing was run)",
                "99:a threshold was crossed, or diff found a regression",
                "130:interrupted (the partial report was written)"})
public final class StampedeCommand implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of unexpected errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI in-process and returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        StampedeCommand root = new StampedeCommand();
        CommandLine cl = new CommandLine(root);
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
