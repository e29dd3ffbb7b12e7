package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidateCommandTest {

    @TempDir
    Path dir;

    Path write(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void validFilesPrintOkAndExitZero() throws IOException {
        Path a = write("a.yaml", "load: { rate: 10/s }\nstrategies: [full, additive]\n");
        CliHarness r = CliHarness.run("validate", a.toString(), "scenarios/launch-spike.yaml");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals("ok " + a + "\nok scenarios/launch-spike.yaml\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void anInvalidFileExitsTwoAndPrintsAllThreeProblems() throws IOException {
        Path bad = write("bad.yaml", """
                name: three-mistakes
                duration: 60
                load:
                  rate: 100/s
                retry:
                  maxAtempts: 5
                  base: 1s
                  cap: 500ms
                """);
        Path good = write("good.yaml", "load: { rate: 10/s }\n");
        CliHarness r = CliHarness.run("validate", bad.toString(), good.toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertEquals("ok " + good + "\n", r.out().replace("\r\n", "\n"), "the valid file is still checked and reported");
        String err = r.err().replace("\r\n", "\n");
        assertEquals(bad + ":2:11: duration: missing unit (got 60; expected a duration such as 250ms, 1s, 2m or 1h)\n"
                + bad + ":6:3: retry.maxAtempts: unknown key (did you mean maxAttempts?)\n"
                + bad + ":8:8: retry.cap: must be >= retry.base (got 500ms < 1s)\n"
                + bad + ": 3 problems\n", err);
    }

    @Test
    void aMissingFileIsReportedAndExitsTwo() {
        CliHarness r = CliHarness.run("validate", dir.resolve("nope.yaml").toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("nope.yaml: no such file"), r.err());
    }

    @Test
    void everyStrategyOfTheRetryPackageIsAcceptedAndNothingElse() throws IOException {
        Path all = write("all.yaml", "load: { rate: 10/s }\nstrategies: [" + String.join(", ", dev.stampede.retry.Strategies.names()) + "]\n");
        CliHarness ok = CliHarness.run("validate", all.toString());
        assertEquals(ExitCode.OK, ok.exitCode(), ok.err());

        Path typo = write("typo.yaml", "load: { rate: 10/s }\nstrategies: [ful]\n");
        CliHarness bad = CliHarness.run("validate", typo.toString());
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("strategies[0]: unknown strategy (did you mean full?)"), bad.err());
    }
}
