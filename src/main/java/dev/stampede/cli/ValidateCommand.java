package dev.stampede.cli;

import dev.stampede.retry.Strategies;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code stampede validate FILE...}: loads each file as {@code run} would, prints {@code ok FILE} for a
 * valid one and every problem of an invalid one; exit 2 when any file is invalid. Checks every file
 * even after a failure, so one invocation lists everything to fix.
 */
@Command(name = ValidateCommand.NAME, mixinStandardHelpOptions = true, description = ValidateCommand.DESCRIPTION)
public final class ValidateCommand implements Callable<Integer> {

    /** Its name and description, also read by the root's help without loading this class ({@link StampedeCommand}). */
    static final String NAME = "validate";
    static final String DESCRIPTION = "Check scenario files; errors name file:line:column, the field and what is expected.";

    /** Strategy names a scenario may use: every strategy the retry package provides. */
    static final Set<String> KNOWN_STRATEGIES = Set.copyOf(Strategies.names());

    @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "Scenario YAML files.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    /** The environment for {@code ${NAME}} in header values; tests may replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int invalid = 0;
        for (Path file : files) {
            try {
                ScenarioLoader.load(file, KNOWN_STRATEGIES, env);
                out.println("ok " + file);
            } catch (ScenarioException e) {
                invalid++;
                e.problems().forEach(err::println);
                int n = e.problems().size();
                err.printf("%s: %d problem%s%n", file, n, n == 1 ? "" : "s");
            } catch (NoSuchFileException e) {
                invalid++;
                err.println(file + ": no such file");
            } catch (IOException e) {
                invalid++;
                err.println(file + ": cannot read: " + e.getMessage());
            }
        }
        out.flush();
        err.flush();
        return invalid == 0 ? ExitCode.OK : ExitCode.USAGE;
    }
}
