package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimCommandTest {

    private static String withoutStartedAt(Path json) throws Exception {
        return Files.readString(json).replaceAll("\"startedAt\"\\s*:\\s*\"[^\"]*\"", "\"startedAt\":\"-\"");
    }

    @Test
    void theSameScenarioAndSeedWriteByteIdenticalJsonApartFromStartedAt(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json"), c = dir.resolve("c.json");
        String[] common = {"sim", "scenarios/aws-contention.yaml", "--clients", "20", "--quiet"};
        CliHarness ra = CliHarness.run(concat(common, "--json", a.toString()));
        CliHarness rb = CliHarness.run(concat(common, "--json", b.toString()));
        CliHarness rc = CliHarness.run(concat(common, "--json", c.toString(), "--seed", "99"));
        assertEquals(ExitCode.OK, ra.exitCode(), ra.err());
        assertEquals(ExitCode.OK, rb.exitCode(), rb.err());
        assertEquals(ExitCode.OK, rc.exitCode(), rc.err());
        String ja = withoutStartedAt(a);
        assertTrue(ja.contains("\"mode\" : \"sim\"") || ja.contains("\"mode\":\"sim\""), "the JSON says mode sim");
        assertEquals(ja, withoutStartedAt(b), "same scenario and seed: byte-identical JSON apart from startedAt");
        assertNotEquals(ja, withoutStartedAt(c), "another seed: other random choices");
    }

    @Test
    void theSeedShootoutPrintsOneRowPerPolicyAndThePerPhaseTable() throws Exception {
        CliHarness r = CliHarness.run("sim", "scenarios/seed-shootout.yaml", "--duration", "12s", "--no-live");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        for (String row : new String[] {"seed-000", "seed-001", "seed-002", "seed-003", "seed-004", "none", "equal", "decorrelated", "full"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row + " ")), row + " has its row in the table:\n" + r.out());
        }
        assertTrue(r.out().contains("Per phase"), "the per-phase table:\n" + r.out());
    }

    @Test
    void aPopulationScenarioIsOneRunWithARowPerPopulationAndAStrategyListTurnsItBackIntoRuns() throws Exception {
        CliHarness mixed = CliHarness.run("sim", "scenarios/seed-000-claim.yaml", "--duration", "12s", "--no-live");
        assertEquals(ExitCode.OK, mixed.exitCode(), mixed.err());
        assertTrue(mixed.err().contains("sim: full+equal-jitter-000:"), "one simulated run for both populations: " + mixed.err());
        CliHarness apart = CliHarness.run("sim", "scenarios/seed-000-claim.yaml", "--duration", "12s", "--no-live",
                "--strategy", "full,equal");
        assertEquals(ExitCode.OK, apart.exitCode(), apart.err());
        assertTrue(apart.err().contains("sim: full:") && apart.err().contains("sim: equal:"), "two runs: " + apart.err());
    }

    @Test
    void aSimulatedMixedRunWithEvenlySpacedArrivalsWarnsOfLockstepAndAPoissonOneDoesNot(@TempDir Path dir) throws Exception {
        String claim = java.nio.file.Files.readString(Path.of("scenarios/seed-000-claim.yaml"));
        assertTrue(claim.contains("arrivals: poisson"), "the claim file uses Poisson arrivals");
        Path uniform = dir.resolve("uniform.yaml");
        java.nio.file.Files.writeString(uniform, claim.replace("arrivals: poisson", "arrivals: uniform"));
        CliHarness even = CliHarness.run("sim", uniform.toString(), "--duration", "5s", "--no-live");
        assertEquals(ExitCode.OK, even.exitCode(), even.err());
        assertTrue(even.err().contains("warning: a simulated mixed run with evenly spaced arrivals"), even.err());
        CliHarness poisson = CliHarness.run("sim", "scenarios/seed-000-claim.yaml", "--duration", "5s", "--no-live");
        assertEquals(ExitCode.OK, poisson.exitCode(), poisson.err());
        assertFalse(poisson.err().contains("lock onto"), poisson.err());
    }

    @Test
    void anOverloadedOpenModelRunIsAsRepeatableAsTheHerd(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json");
        String[] common = {"sim", "scenarios/launch-spike.yaml", "--duration", "12s", "--strategy", "none,full", "--quiet"};
        CliHarness ra = CliHarness.run(concat(common, "--json", a.toString()));
        CliHarness rb = CliHarness.run(concat(common, "--json", b.toString()));
        assertEquals(ExitCode.OK, ra.exitCode(), ra.err());
        assertEquals(ExitCode.OK, rb.exitCode(), rb.err());
        assertEquals(withoutStartedAt(a), withoutStartedAt(b), "same scenario and seed: byte-identical JSON apart from startedAt");
    }

    @Test
    void optionsThatDoNotFitTheLoadModelAreUsageErrorsNamingTheOption() {
        CliHarness rate = CliHarness.run("sim", "scenarios/aws-contention.yaml", "--rate", "10/s");
        assertEquals(ExitCode.USAGE, rate.exitCode(), rate.err());
        assertTrue(rate.err().contains("--rate"), rate.err());
        CliHarness target = CliHarness.run("sim", "scenarios/aws-contention.yaml", "--target", "http://127.0.0.1:1");
        assertEquals(ExitCode.USAGE, target.exitCode(), target.err());
        assertTrue(target.err().contains("--target"), target.err());
        CliHarness strategy = CliHarness.run("sim", "scenarios/aws-contention.yaml", "--strategy", "fulll");
        assertEquals(ExitCode.USAGE, strategy.exitCode(), strategy.err());
        assertTrue(strategy.err().contains("full"), "suggests the nearest strategy: " + strategy.err());
    }

    @Test
    void aMissingScenarioFileIsAUsageError() {
        CliHarness r = CliHarness.run("sim", "no/such/file.yaml");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("no/such/file.yaml"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
