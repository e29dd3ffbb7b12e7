package dev.stampede.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The root command's options and usage texts, without its subcommands: {@link StampedeCommand} adds those (the
 * real ones, or for the root's own help and version stand-ins that carry only what that help shows of them).
 */
@Command(name = "stampede",
        mixinStandardHelpOptions = true,
        versionProvider = StampedeCommand.Version.class,
        description = "Load and chaos tester for retry behaviour under overload: what do your clients' retries do to "
                + "your service when it overloads?",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:unexpected error",
                "2:usage error or invalid scenario (nothing was run)",
                "99:a threshold was crossed, or diff found a regression",
                "130:interrupted (the partial report was written)"})
class RootCommand implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of unexpected errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
