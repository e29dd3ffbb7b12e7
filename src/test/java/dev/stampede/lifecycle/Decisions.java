package dev.stampede.lifecycle;

/** The lifecycle's decisions as text, one line per event, so that two engines' traces compare as lists of strings. */
final class Decisions {

    private Decisions() {}

    /** {@code event} and the action the lifecycle answered it with. */
    static String describe(String event, RequestLifecycle.Action action) {
        return event + " -> " + switch (action) {
            case RequestLifecycle.Action.Send send -> "send #" + send.attempt() + " to tier " + send.tier();
            case RequestLifecycle.Action.Wait wait -> "wait " + wait.why();
            case RequestLifecycle.Action.End end -> end.succeeded() ? "succeed on tier " + end.servedByTier()
                    : end.degraded() ? "degraded on tier " + end.servedByTier()
                    : "fail " + end.failure().key() + (end.cutOff() ? " (cut off)" : "");
        };
    }
}
