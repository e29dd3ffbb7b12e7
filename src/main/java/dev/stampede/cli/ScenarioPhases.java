package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.Derived;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripted phases of the scenario a saved result ran, for {@code report --scenario} and {@code merge --scenario}:
 * a result file does not carry them, and synchrony, recovery and the HTML's phase shading need them.
 */
final class ScenarioPhases {

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ScenarioPhases() {}

    /**
     * Loads {@code file}'s phases and checks that it is the scenario {@code result} ran (same sha256, when the
     * result records one).
     *
     * @throws UserException when the file is not that scenario
     * @throws ScenarioException when it is not a valid scenario
     */
    static List<PhaseSpec> load(Path file, Comparison result) throws IOException, ScenarioException {
        return script(file, result).phases();
    }

    /**
     * {@link #load}, with the open model's load stages too (the overload windows of synchrony and recovery include
     * load stages above the first).
     */
    static Derived.Script script(Path file, Comparison result) throws IOException, ScenarioException {
        if (!Files.isRegularFile(file)) throw new UserException("--scenario " + file + " does not exist or is not a file");
        Scenario s = ScenarioLoader.load(file, ValidateCommand.KNOWN_STRATEGIES, headerVariables(file));
        String recorded = result.scenarioSha256();
        if (recorded != null && !recorded.isEmpty() && !s.sha256().isEmpty() && !recorded.equals(s.sha256())) {
            throw new UserException("--scenario " + file + " is not the scenario this result ran (its sha256 is "
                    + s.sha256().substring(0, 12) + "…, the result's " + recorded.substring(0, Math.min(12, recorded.length())) + "…)");
        }
        return new Derived.Script(s.server().phases(), Derived.Script.stagesOf(s.load()));
    }

    /**
     * Every {@code ${NAME}} the file uses, from the environment or a placeholder: only the phases are read here, so a
     * secret that is not set where reports are rendered must not stop them.
     */
    private static Map<String, String> headerVariables(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        Matcher m = ENV.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) env.put(m.group(1), System.getenv().getOrDefault(m.group(1), "unused"));
        return env;
    }
}
