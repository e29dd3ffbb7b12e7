package dev.stampede.scenario;

import java.time.Duration;
import java.util.List;

/**
 * Reads a policy's {@code workQueue:} (seed 004 option 3): {@code size}, {@code deadline} and {@code workers}, and
 * refuses the parts of a policy it cannot be combined with, each problem at the key's own line and column.
 */
final class WorkQueueReader {

    static final List<String> KEYS = List.of("size", "deadline", "workers");

    private WorkQueueReader() {}

    /**
     * @param policy the policy's own fields (the problems about other keys point at them)
     * @return the work queue (with defaults where a value was wrong, so that reading goes on)
     */
    static PolicyDef.WorkQueue read(Fields policy, String name, boolean sharedBackoff, PolicyDef.Concurrency concurrency,
                                    PolicyDef.Breaker breaker, PolicyDef.Budget budget) {
        Fields f = Fields.of(policy.problems(), policy.get("workQueue"), policy.path("workQueue"), KEYS);
        f.require("size", "a whole number >= 1 (requests the queue holds, MAX_QUEUE_SIZE)");
        f.require("deadline", "a duration > 0: how long a caller waits from enqueueing (MAX_WAIT_SECONDS)");
        int size = f.integer("size", 1, 1, Integer.MAX_VALUE);
        Duration deadline = f.positiveDuration("deadline", Duration.ofSeconds(1));
        int workers = f.integer("workers", 1, 1, 10_000);
        String why = " (policies." + name + ".workQueue)";
        if (concurrency != null) {
            policy.notApplicable("concurrency", "not with a work queue: its workers are the limit on attempts in flight" + why);
        }
        if (sharedBackoff) {
            policy.notApplicable("sharedBackoff", "not with a work queue: its workers already share one backoff (retry.base "
                    + "doubling to retry.cap)" + why);
        }
        for (String key : List.of("fallback", "circuitBreaker", "budget", "throttle", "qualityGate", "routing", "fallbackOn")) {
            policy.notApplicable(key, "not with a work queue (yet): its workers retry one target with one shared backoff" + why);
        }
        // a budget or breaker that came from the scenario's retry: block has no key here: name it at the work queue
        if (!policy.has("budget") && budget != null) {
            f.problems().add(policy.entry("workQueue").line(), policy.entry("workQueue").column(), policy.path("workQueue"),
                    "not with the scenario's retry.budget (yet): its workers retry with one shared backoff only");
        }
        if (!policy.has("circuitBreaker") && breaker != null) {
            f.problems().add(policy.entry("workQueue").line(), policy.entry("workQueue").column(), policy.path("workQueue"),
                    "not with the scenario's retry.circuitBreaker (yet): its workers retry with one shared backoff only");
        }
        return new PolicyDef.WorkQueue(size, deadline, workers);
    }
}
