package dev.stampede.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario that cannot run: every problem found, each naming file:line:column and the field. */
public final class ScenarioException extends Exception {

    private final List<Problem> problems;

    public ScenarioException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() { return problems; }

    /**
     * One mistake: {@code file:line:column: path: problem (got X; expected Y)}.
     *
     * @param line   1-based, 0 when unknown
     * @param column 1-based, 0 when unknown
     * @param path   field path such as {@code retry.cap} or {@code server.phases[2].at}
     */
    public record Problem(String file, int line, int column, String path, String message) {
        @Override public String toString() {
            String where = line > 0 ? file + ":" + line + ":" + column : file;
            return where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
        }
    }
}
