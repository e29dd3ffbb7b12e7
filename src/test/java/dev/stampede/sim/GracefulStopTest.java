package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graceful stop on the simulator's virtual clock: after the duration no request starts, those in progress finish. */
class GracefulStopTest {

    /** The example: every call answered 529, the SDK's backoff (0.5 s, 1 s, … with jitter), three attempts. */
    private static final String EVERY_CALL_529 = """
            duration: 4s
            load: { rate: 10/s }
            server: { phases: [{ at: 0s, overload: 1.0 }] }
            retry: { maxAttempts: 3 }
            strategies: [sdk]
            """;

    private static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
    }

    private static Simulator.Outcome run(Scenario s) {
        return new Simulator(s).run(s.policy("sdk"), new RunRecorder(Simulator.recorderConfig(s, "sdk")), Simulator.Watch.NONE);
    }

    @Test
    void withTheDefaultGraceEveryRequestOfAFourSecondRunUsesAllItsAttemptsAndFailsOnlyAsExhausted() throws ScenarioException {
        Scenario s = parse(EVERY_CALL_529);
        assertEquals(30, s.gracefulStop().toSeconds(), "the default grace is k6's 30 s");
        Simulator.Outcome o = run(s);
        RunResult r = o.result();
        assertEquals(40, r.requests().started(), "10/s for 4 s");
        assertEquals(120, r.attempts(), "three attempts each: none was cut by the end of the load");
        assertEquals(40L, r.requests().failures().get("exhausted"));
        assertEquals(40L, r.requests().failed(), "no failure other than exhausted");
        assertEquals(0L, r.requests().unfinished());
        assertEquals(0L, o.endedAtStop());
        assertEquals(0.0, r.requests().successRate(), 0.0);
        assertEquals(10.0, r.requests().achievedRate(), 1e-9, "the achieved rate stays arrivals over the offered duration");
        assertEquals(4.0, r.durationSeconds(), 0.0, "the run's length is the offered duration, not the grace");
    }

    @Test
    void withoutAGraceTheRequestsWaitingAtTheEndAreUnfinishedAndLeftOutOfTheSuccessRate() throws ScenarioException {
        Scenario s = parse(EVERY_CALL_529 + "gracefulStop: 0s\n");
        Simulator.Outcome o = run(s);
        RunResult r = o.result();
        long unfinished = r.requests().unfinished();
        // requests of the last ~1.5 s are still backing off at 4 s (the SDK waits about 0.5 s, then 1 s)
        assertTrue(unfinished > 5 && unfinished < 40, "unfinished " + unfinished);
        assertEquals(o.endedAtStop(), unfinished, "the requests cut at the stop are the unfinished ones");
        assertEquals(40 - unfinished, r.requests().failures().get("exhausted"), "the others used their three attempts");
        assertEquals(40 - unfinished, r.requests().failed(), "unfinished is not failed");
        assertEquals(40 - unfinished, r.requests().concluded());
        assertTrue(r.attempts() < 120, "cut requests sent fewer attempts: " + r.attempts());
        assertEquals(0L, r.requests().interrupted(), "nothing was cancelled");
    }

    @Test
    void aGraceShorterThanTheBackoffsEndsWhatIsStillWaitingAsUnfinishedAtItsEnd() throws ScenarioException {
        Simulator.Outcome none = run(parse(EVERY_CALL_529 + "gracefulStop: 0s\n"));
        Simulator.Outcome short_ = run(parse(EVERY_CALL_529 + "gracefulStop: 600ms\n"));
        Simulator.Outcome full = run(parse(EVERY_CALL_529));
        long u0 = none.result().requests().unfinished(), u1 = short_.result().requests().unfinished();
        assertTrue(u1 > 0 && u1 < u0, "a short grace lets some finish, not all: " + u0 + " then " + u1);
        assertTrue(none.result().attempts() < short_.result().attempts() && short_.result().attempts() < full.result().attempts(),
                "each longer grace lets more retries go out");
        assertEquals(4.0, short_.result().durationSeconds(), 0.0);
    }

    @Test
    void noRequestStartsDuringTheGraceInAClosedModel() throws ScenarioException {
        Scenario s = parse("""
                duration: 2s
                load: { model: closed, clients: 5, think: 100ms }
                server: { phases: [{ at: 0s, overload: 1.0 }] }
                retry: { maxAttempts: 3 }
                strategies: [sdk]
                """);
        RunResult r = run(s).result();
        assertEquals(r.requests().started() * 3, r.attempts(), "every started request used its attempts; none started late");
        assertEquals(r.requests().started(), r.requests().failures().get("exhausted"));
        // each client's cycle is at least 0.1 s think + ~1.5 s of backoffs: at most two requests each in 2 s
        assertTrue(r.requests().started() <= 10, "started " + r.requests().started());
    }
}
