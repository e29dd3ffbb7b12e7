package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.StartSchedule;
import dev.stampede.report.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --start-at TIME}: how TIME is read, a time in the past refused, and the schedule kept in the result JSON. */
class StartAtTest {

    @TempDir
    Path dir;

    @Test
    void rfc3339WithAnyOffsetAndEpochMillisecondsNameTheSameInstant() {
        Instant t = Instant.parse("2026-12-01T23:00:00.250Z");
        assertEquals(t, StartAt.parse("2026-12-01T23:00:00.250Z"));
        assertEquals(t, StartAt.parse("2026-12-02T00:00:00.250+01:00"));
        assertEquals(t, StartAt.parse("2026-12-01 23:00:00.250z"), "RFC 3339 allows a space and lower case");
        assertEquals(t, StartAt.parse(Long.toString(t.toEpochMilli())));
    }

    @Test
    void aTimeWithoutAnOffsetOrNotATimeIsAUsageErrorShowingBothForms() {
        for (String bad : List.of("2026-12-01T23:00:00", "tomorrow", "")) {
            UserException e = assertThrows(UserException.class, () -> StartAt.parse(bad));
            assertTrue(e.getMessage().contains("RFC 3339") && e.getMessage().contains("epoch"), e.getMessage());
        }
    }

    @Test
    void aStartInThePastIsRefusedWithExit2SayingByHowMuchBeforeAnythingRuns() throws Exception {
        Path s = Files.writeString(dir.resolve("s.yaml"), "name: s\nduration: 1s\nload: { rate: 5/s }\nstrategies: [full]\n");
        Path json = dir.resolve("s.json");
        CliHarness r = CliHarness.run("run", s.toString(), "--start-at", "2020-01-01T00:00:00Z", "--no-live", "--json",
                json.toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().matches("(?s).*--start-at 2020-01-01T00:00:00Z is \\d+\\.\\d{3} s in the past.*"), r.err());
        assertTrue(!Files.exists(json), "nothing ran");
    }

    @Test
    void theScheduleSurvivesTheResultJsonAndAResultWithoutOneHasNoneField() throws Exception {
        StartSchedule schedule = new StartSchedule(Instant.parse("2026-12-01T23:00:00Z"), Duration.ofSeconds(29));
        Comparison plain = new Comparison("s", "s.yaml", "abc", "live", "embedded", 1, Instant.parse("2026-12-01T22:59:40Z"),
                List.of(), List.of(), false);
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        ResultJson.write(plain.withSchedule(schedule), a);
        ResultJson.write(plain, b);
        assertEquals(schedule, ResultJson.read(a).schedule());
        assertEquals(null, ResultJson.read(b).schedule());
        assertTrue(Files.readString(a).contains("\"startAt\" : \"2026-12-01T23:00:00Z\""), Files.readString(a));
        assertTrue(!Files.readString(b).contains("schedule"), "results without --start-at read as before");
    }
}
