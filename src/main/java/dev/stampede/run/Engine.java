package dev.stampede.run;

import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.Scenario;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs one strategy of a scenario: the live engine or the simulator, as {@link RunLoop} drives it. The command
 * line builds one (over {@code load.LiveEngine} or {@code sim.Simulator}); tests may bring their own.
 */
public interface Engine {

    /** {@code live} or {@code sim}: the result JSON's {@code mode}. */
    String mode();

    /** What stops this scenario from running here, with the fix (e.g. the open-files limit); empty when none. */
    default Optional<String> preflight(Scenario scenario) { return Optional.empty(); }

    /**
     * Gets ready for the rows, once, before the first (the live engine warms the JIT up); {@link RunLoop} calls it
     * before an aligned run starts waiting for its start instant. Does nothing by default.
     */
    default void prepare(Scenario scenario, BooleanSupplier cancelled) throws IOException {}

    /**
     * The time an aligned run gives each row: at least the longest a row of {@code scenario} can take here. By
     * default the scenario's duration plus a second (an engine without warm-up or drain).
     */
    default RowSlot slot(Scenario scenario) {
        return new RowSlot(Duration.ZERO, scenario.duration(), Duration.ZERO, Duration.ofSeconds(1));
    }

    /**
     * Runs {@code strategy}.
     *
     * @param cancelled polled during the run; when it turns true the engine returns what it measured, marked partial
     * @param progress  where the engine reports its start (its planned length and a snapshot supplier)
     */
    RunResult run(Scenario scenario, String strategy, BooleanSupplier cancelled, Started progress) throws IOException;

    /**
     * Runs a mixed scenario ({@code population:}): every population at once against one server, one result per
     * population, in order.
     *
     * @throws RunRefused when this engine cannot (the default)
     */
    default List<RunResult> runMixed(Scenario scenario, BooleanSupplier cancelled, Started progress) throws IOException {
        throw new RunRefused(mode() + " cannot run a scenario with population:; remove it and list strategies");
    }
}
