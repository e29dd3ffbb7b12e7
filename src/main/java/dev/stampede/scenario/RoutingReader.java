package dev.stampede.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Reads a policy's {@code routing:} (seed 000's signals): {@code streak: {count, statuses}},
 * {@code rate: {perThousand, window, statuses, startTier}} and {@code failForward: {share, window}}. Every part
 * needs a fallback chain to route along.
 */
final class RoutingReader {

    static final List<String> KEYS = List.of("streak", "rate", "failForward");
    private static final Set<Integer> OVERLOAD = Set.of(529);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private RoutingReader() {}

    /**
     * @param policy    the policy's fields ({@code routing} is among them)
     * @param fallbacks how many fallback tiers the policy has
     */
    static PolicyDef.Routing read(Fields policy, int fallbacks) {
        Problems problems = policy.problems();
        if (fallbacks == 0) {
            policy.notApplicable("routing", "needs a fallback chain to route along (" + policy.path("fallback") + ")");
            return null;
        }
        Fields f = Fields.of(problems, policy.get("routing"), policy.path("routing"), KEYS);
        PolicyDef.Routing.Streak streak = null;
        if (f.has("streak")) {
            Fields s = Fields.of(problems, f.get("streak"), f.path("streak"), List.of("count", "statuses"));
            s.require("count", "a whole number >= 1 (consecutive answers on one tier)");
            streak = new PolicyDef.Routing.Streak(s.integer("count", 3, 1, 1000), statuses(s));
        }
        PolicyDef.Routing.Rate rate = null;
        if (f.has("rate")) {
            Fields r = Fields.of(problems, f.get("rate"), f.path("rate"), List.of("perThousand", "window", "statuses", "startTier"));
            r.require("perThousand", "a number from 0 to 1000 (answers per 1,000 attempts on the primary)");
            double perThousand = r.number("perThousand", 25, 0, 1000, "a number from 0 to 1000 (answers per 1,000 attempts on the primary)");
            Duration window = r.positiveDuration("window", MINUTE);
            int startTier = r.integer("startTier", 1, 1, fallbacks);
            rate = new PolicyDef.Routing.Rate(perThousand, window, statuses(r), startTier);
        }
        PolicyDef.Routing.FailForward failForward = null;
        if (f.has("failForward")) {
            Fields ff = Fields.of(problems, f.get("failForward"), f.path("failForward"), List.of("share", "window"));
            ff.require("share", "a probability (share of the fallback tiers' gated answers rejected, 0.1 = 10 %)");
            failForward = new PolicyDef.Routing.FailForward(ff.probability("share", 0.1), ff.positiveDuration("window", MINUTE));
            if (!(policy.has("qualityGate")) && !(policy.get("fallback") instanceof YamlNode.Sequence seq
                    && seq.items().stream().anyMatch(t -> t instanceof YamlNode.Mapping m && m.entries().stream().anyMatch(e -> e.key().equals("qualityGate"))))) {
                f.notApplicable("failForward", "needs a quality gate (" + policy.path("qualityGate") + ")");
            }
        }
        if (streak == null && rate == null && failForward == null) {
            if (f.keys().isEmpty() && !(f.node() instanceof YamlNode.Scalar) && !(f.node() instanceof YamlNode.Sequence)) {
                problems.add(f.node(), f.path(), "no routing given (expected streak, rate or failForward)");
            }
            return null;
        }
        return new PolicyDef.Routing(streak, rate, failForward);
    }

    private static Set<Integer> statuses(Fields f) {
        if (!f.has("statuses")) return OVERLOAD;
        Set<Integer> s = PolicyReader.statuses(f.problems(), f.get("statuses"), f.path("statuses"));
        return s == null || s.isEmpty() ? OVERLOAD : s;
    }
}
