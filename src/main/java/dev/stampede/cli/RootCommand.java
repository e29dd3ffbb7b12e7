package dev.stampede.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The root command's options and usage texts, without its subcommands: {@link StampedeCommand} adds those (the
 * real ones, or for the root's own help and version stand-ins that carry only what that help shows of them).
 *
 * <p>Its texts are constants, read both by its annotations (the full model, which picocli builds by reflection) and by
 * {@link #standInSpec}, which builds the same model by hand for the root's own help and version: reading the first
 * annotation of a start costs tens of milliseconds (the JDK generates a proxy class per annotation type), a fifth of
 * {@code --help}'s time (docs/engine.md, "Start-up").
 */
@Command(name = RootCommand.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = StampedeCommand.Version.class,
        description = RootCommand.DESCRIPTION,
        exitCodeListHeading = RootCommand.EXIT_CODE_HEADING,
        exitCodeList = {
                RootCommand.EXIT_OK,
                RootCommand.EXIT_ERROR,
                RootCommand.EXIT_USAGE,
                RootCommand.EXIT_THRESHOLD,
                RootCommand.EXIT_INTERRUPTED})
class RootCommand implements Runnable {

    static final String NAME = "stampede";
    static final String DESCRIPTION = "Load and chaos tester for retry behaviour under overload: what do your clients' "
            + "retries do to your service when it overloads?";
    static final String EXIT_CODE_HEADING = "%nExit codes:%n";
    static final String EXIT_OK = "0:success";
    static final String EXIT_ERROR = "1:unexpected error";
    static final String EXIT_USAGE = "2:usage error or invalid scenario (nothing was run)";
    static final String EXIT_THRESHOLD = "99:a threshold was crossed, or diff found a regression";
    static final String EXIT_INTERRUPTED = "130:interrupted (the partial report was written)";
    static final String VERBOSE = "--verbose";
    static final String VERBOSE_DESCRIPTION = "Show stack traces of unexpected errors.";
    /** The texts picocli's standard help options ({@code mixinStandardHelpOptions}) carry. */
    static final String HELP_DESCRIPTION = "Show this help message and exit.";
    static final String VERSION_DESCRIPTION = "Print version information and exit.";

    @Option(names = VERBOSE, scope = CommandLine.ScopeType.INHERIT, description = VERBOSE_DESCRIPTION)
    boolean verbose;

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The root's model as its annotations declare it, built without reading them, for {@code root} (whose {@code spec}
     * it sets). {@code StampedeCommandTest} checks that its help and version equal the annotated model's.
     */
    static CommandSpec standInSpec(RootCommand root) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(root)
                .name(NAME)
                .versionProvider(new StampedeCommand.Version());
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String entry : new String[] {EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_THRESHOLD, EXIT_INTERRUPTED}) {
            int colon = entry.indexOf(':');
            exitCodes.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        spec.usageMessage().description(DESCRIPTION).exitCodeListHeading(EXIT_CODE_HEADING).exitCodeList(exitCodes);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description(HELP_DESCRIPTION).build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description(VERSION_DESCRIPTION).build());
        spec.addOption(OptionSpec.builder(VERBOSE).scopeType(CommandLine.ScopeType.INHERIT)
                .description(VERBOSE_DESCRIPTION).build());
        root.spec = spec;
        return spec;
    }
}
