package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.report.ResultJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading saved results for {@code report}, {@code diff} and {@code merge}: a missing or foreign file is a usage error. */
final class ResultFiles {

    private ResultFiles() {}

    /**
     * @param label the parameter's name in the usage, for the message
     * @throws UserException naming the file and what is wrong with it
     */
    static Comparison read(Path file, String label) {
        if (!Files.isRegularFile(file)) {
            throw new UserException(label + " " + file + " does not exist or is not a file; pass a stampede result written with --json");
        }
        try {
            return ResultJson.read(file);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage() + " (expected a " + ResultJson.SCHEMA
                    + " document written by --json or merge)", e);
        }
    }
}
