package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.stampede.scenario.ScenarioLoaderTest.MINIMAL;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A policy's {@code workQueue:} (seed 004 option 3): size, deadline, workers, and what it cannot be combined with. */
class WorkQueueKeysTest {

    private static List<String> lines(String yaml) {
        return problems(yaml).stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).toList();
    }

    @Test
    void theWorkQueueIsReadWithOneWorkerByDefault() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                policies:
                  q: { strategy: none, workQueue: { size: 50, deadline: 120s } }
                  w: { strategy: none, workQueue: { size: 5, deadline: 2s, workers: 3 } }
                  plain: { strategy: none }
                strategies: [q, w, plain]
                """);
        assertEquals(new PolicyDef.WorkQueue(50, Duration.ofSeconds(120), 1), s.policy("q").workQueue());
        assertEquals(3, s.policy("w").workQueue().workers());
        assertNull(s.policy("plain").workQueue());
        assertFalse(s.policy("q").isBare(), "a work queue is more than a backoff");
    }

    @Test
    void missingAndWrongValuesNameTheirLineAndColumn() {
        assertEquals(List.of(
                        "4:19 policies.q.workQueue.deadline: missing required key (expected a duration > 0: how long a caller waits from enqueueing (MAX_WAIT_SECONDS))",
                        "4:27 policies.q.workQueue.size: out of range (got 0; expected a whole number >= 1)"),
                lines(MINIMAL + """
                        policies:
                          q: { workQueue: { size: 0 } }
                        strategies: [q]
                        """));
    }

    @Test
    void aConcurrencyLimitASharedBackoffOrAFallbackBesideItIsRefusedAtItsOwnKey() {
        assertEquals(List.of(
                        "4:46 policies.q.concurrency: not with a work queue: its workers are the limit on attempts in flight (policies.q.workQueue)",
                        "4:73 policies.q.sharedBackoff: not with a work queue: its workers already share one backoff (retry.base doubling to retry.cap) (policies.q.workQueue)"),
                lines(MINIMAL + """
                        policies:
                          q: { workQueue: { size: 5, deadline: 1s }, concurrency: { limit: 1 }, sharedBackoff: true }
                        strategies: [q]
                        """));
        assertEquals(List.of(
                        "4:46 policies.q.fallback: not with a work queue (yet): its workers retry one target with one shared backoff (policies.q.workQueue)"),
                lines(MINIMAL + """
                        policies:
                          q: { workQueue: { size: 5, deadline: 1s }, fallback: [/b] }
                        strategies: [q]
                        """));
    }
}
