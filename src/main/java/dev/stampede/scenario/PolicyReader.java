package dev.stampede.scenario;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code policies:} (name to policy) and {@code population:}. A policy's own {@code retry:} keys are laid
 * over the scenario's {@code retry:} block; every other part is optional and off when absent.
 */
final class PolicyReader {

    static final List<String> KEYS = List.of("strategy", "retry", "budget", "throttle", "circuitBreaker", "concurrency",
            "fallback", "fallbackPause", "qualityGate", "failOn", "failOnErrors", "fallbackOn", "sharedBackoff", "routing", "cost",
            "workQueue", "fallbackAfter");
    private static final Map<String, PolicyDef.Scope> SCOPES = new LinkedHashMap<>();
    private static final List<String> BUDGET_KINDS = List.of("tokenBucket", "grpc", "aws", "window");

    static {
        SCOPES.put("client", PolicyDef.Scope.CLIENT);
        SCOPES.put("shared", PolicyDef.Scope.SHARED);
    }

    /** Default strategy of a policy that names none: full jitter, AWS's recommendation. */
    static final String DEFAULT_STRATEGY = "full";

    private PolicyReader() {}

    /**
     * @param knownStrategies backoff strategy names; a policy may not take one of them as its name
     * @param scenarioRetry   the scenario's {@code retry:}, the base of every policy's own
     */
    static Map<String, PolicyDef> read(Problems problems, YamlNode node, String path, Set<String> knownStrategies,
                                       RetrySpec scenarioRetry) {
        Map<String, PolicyDef> out = new LinkedHashMap<>();
        if (node instanceof YamlNode.Null) return out;
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.expected(node, path, "wrong type", "a map of policy name to {strategy: full, retry: {...}, budget: {...}, ...}");
            return out;
        }
        Set<String> sorted = new TreeSet<>(knownStrategies);
        for (YamlNode.Entry e : m.entries()) {
            String where = path + "." + e.key();
            if (knownStrategies.contains(e.key())) {
                problems.add(e.line(), e.column(), where, "a policy may not take a strategy's name (got " + e.key()
                        + "; expected another name, such as seed-000 or " + e.key() + "-budget)");
                continue;
            }
            if (e.key().equals("*") || e.key().isBlank()) {
                problems.add(e.line(), e.column(), where, "not a usable policy name (got '" + e.key() + "')");
                continue;
            }
            if (out.containsKey(e.key())) {
                problems.add(e.line(), e.column(), where, "duplicate key");
                continue;
            }
            PolicyDef p = policy(Fields.of(problems, e.value(), where, KEYS), e.key(), sorted, scenarioRetry);
            if (p != null) out.put(e.key(), p);
        }
        return out;
    }

    private static PolicyDef policy(Fields f, String name, Set<String> strategies, RetrySpec scenarioRetry) {
        Problems problems = f.problems();
        String strategy = DEFAULT_STRATEGY;
        if (f.has("strategy")) {
            String s = Scalars.text(problems, f.get("strategy"), f.path("strategy"), "a strategy name");
            if (s != null && !strategies.contains(s.strip())) {
                problems.expected(f.get("strategy"), f.path("strategy"), "unknown strategy" + Suggestions.didYouMean(s.strip(), strategies),
                        "one of " + String.join(", ", strategies));
            } else if (s != null) {
                strategy = s.strip();
            }
        }
        RetrySpec retry = f.has("retry")
                ? RetryReader.read(Fields.of(problems, f.get("retry"), f.path("retry"), RetryReader.KEYS), scenarioRetry, strategies)
                : scenarioRetry;
        PolicyDef.Budget budget = f.has("budget") ? budget(Fields.of(problems, f.get("budget"), f.path("budget"), budgetKeys())) : null;
        if (budget == null && retry.budget() != null) {
            budget = new PolicyDef.Budget.TokenBucket(retry.budget().ratio(), retry.budget().burst(), PolicyDef.Scope.CLIENT);
        }
        PolicyDef.Throttle throttle = f.has("throttle")
                ? throttle(Fields.of(problems, f.get("throttle"), f.path("throttle"), List.of("k", "window", "scope"))) : null;
        PolicyDef.Breaker breaker = f.has("circuitBreaker") ? breaker(problems, f.get("circuitBreaker"), f.path("circuitBreaker"))
                : retry.circuitBreaker() == null ? null : new PolicyDef.Breaker(retry.circuitBreaker().failures(), retry.circuitBreaker().open(), 1);
        PolicyDef.Concurrency concurrency = f.has("concurrency")
                ? concurrency(Fields.of(problems, f.get("concurrency"), f.path("concurrency"), List.of("limit", "queue", "maxWait", "hold"))) : null;
        List<PolicyDef.Tier> fallback = f.has("fallback") ? fallback(problems, f.get("fallback"), f.path("fallback"), strategies, retry) : List.of();
        Duration fallbackPause = f.duration("fallbackPause", Duration.ZERO);
        if (f.has("fallbackPause") && fallback.isEmpty()) {
            f.notApplicable("fallbackPause", "needs a fallback chain (policies." + name + ".fallback)");
        }
        PolicyDef.Gate gate = f.has("qualityGate")
                ? gate(Fields.of(problems, f.get("qualityGate"), f.path("qualityGate"), List.of("minLength", "marker", "forbidden"))) : null;
        Set<Integer> failOn = f.has("failOn") ? statuses(problems, f.get("failOn"), f.path("failOn")) : null;
        Set<Integer> fallbackOnStatuses = new TreeSet<>();
        Set<ErrorKind> fallbackOnErrors = java.util.EnumSet.noneOf(ErrorKind.class);
        if (f.has("fallbackOn")) {
            RetryReader.statusesAndErrors(problems, f.get("fallbackOn"), f.path("fallbackOn"), fallbackOnStatuses, fallbackOnErrors);
            for (int s : fallbackOnStatuses) {
                if (s >= 200 && s < 300) problems.add(f.get("fallbackOn"), f.path("fallbackOn"), "a 2xx is not a failure (got " + s
                        + "; use qualityGate for bad 2xx answers)");
            }
            if (fallback.isEmpty()) f.notApplicable("fallbackOn", "needs a fallback chain (policies." + name + ".fallback) to move to");
        }
        PolicyDef.Outcomes fallbackAfter = null;
        if (f.has("fallbackAfter")) {
            Set<Integer> statuses = new TreeSet<>();
            Set<ErrorKind> errors = java.util.EnumSet.noneOf(ErrorKind.class);
            RetryReader.statusesAndErrors(problems, f.get("fallbackAfter"), f.path("fallbackAfter"), statuses, errors);
            for (int s : statuses) {
                if (s >= 200 && s < 300) problems.add(f.get("fallbackAfter"), f.path("fallbackAfter"), "a 2xx is not a failure (got " + s + ")");
            }
            fallbackAfter = new PolicyDef.Outcomes(statuses, errors);
            if (fallback.isEmpty()) f.notApplicable("fallbackAfter", "needs a fallback chain (policies." + name + ".fallback) to move to");
        }
        Set<ErrorKind> failOnErrors = null;
        if (f.has("failOnErrors")) {
            Set<Integer> notErrors = new TreeSet<>();
            failOnErrors = java.util.EnumSet.noneOf(ErrorKind.class);
            RetryReader.statusesAndErrors(problems, f.get("failOnErrors"), f.path("failOnErrors"), notErrors, failOnErrors);
            if (!notErrors.isEmpty()) {
                problems.add(f.get("failOnErrors"), f.path("failOnErrors"), "error kinds only (got " + notErrors.iterator().next()
                        + "; statuses go in failOn)");
            }
        }
        PolicyDef.Routing routing = f.has("routing") ? RoutingReader.read(f, fallback.size()) : null;
        PolicyDef.Budget b = budget;
        String st = strategy;
        Set<ErrorKind> foe = failOnErrors;
        Map<String, Boolean> booleans = new LinkedHashMap<>();
        booleans.put("true", true);
        booleans.put("false", false);
        boolean shared = f.choice("sharedBackoff", false, booleans);
        if (shared && (!fallback.isEmpty() || breaker != null || budget != null || throttle != null || gate != null)) {
            // a request that succeeds through the gates never reaches the retry policy, which resets the shared backoff
            f.notApplicable("sharedBackoff", "not with a fallback chain, breaker, budget, throttle or quality gate (yet): "
                    + "only with a plain backoff, optionally a concurrency limit");
        }
        PolicyDef.Cost cost = f.has("cost") ? CostReader.read(problems, f.get("cost"), f.path("cost")) : null;
        PolicyDef.WorkQueue workQueue = f.has("workQueue") ? WorkQueueReader.read(f, name, shared, concurrency, breaker, budget) : null;
        if (workQueue != null && retry.inner() != null) {
            // the queue's workers replace the retry loop's waits with their shared backoff: an inner loop has no place there
            problems.add(f.entry("workQueue").line(), f.entry("workQueue").column(), f.path("workQueue"),
                    "not with retry.inner (yet): its workers retry with one shared backoff only");
        }
        PolicyDef.Outcomes after = fallbackAfter;
        return problems.build(f.node(), f.path(), () -> new PolicyDef(name, st, retry, b, throttle, breaker,
                concurrency, fallback, gate, fallbackPause, failOn, fallbackOnStatuses, fallbackOnErrors, foe, shared, routing, cost,
                workQueue, after), null);
    }

    private static List<String> budgetKeys() {
        // the keys of every kind are allowed here; budget() reports keys of another kind with the kind's own list
        return List.of("kind", "scope", "ratio", "burst", "maxTokens", "tokenRatio", "capacity", "retryCost",
                "timeoutRetryCost", "noRetryIncrement", "percent", "minPerSecond", "window");
    }

    private static PolicyDef.Budget budget(Fields f) {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (String k : BUDGET_KINDS) kinds.put(k, k);
        String kind = f.choice("kind", "tokenBucket", kinds);
        PolicyDef.Scope scope = f.choice("scope", PolicyDef.Scope.CLIENT, SCOPES);
        List<String> own = switch (kind) {
            case "grpc" -> List.of("maxTokens", "tokenRatio");
            case "aws" -> List.of("capacity", "retryCost", "timeoutRetryCost", "noRetryIncrement");
            case "window" -> List.of("percent", "minPerSecond", "window");
            default -> List.of("ratio", "burst");
        };
        for (String key : f.keys()) {
            if (!key.equals("kind") && !key.equals("scope") && !own.contains(key)) {
                f.notApplicable(key, "not a key of a " + kind + " budget (expected " + String.join(", ", own) + ", kind or scope)");
            }
        }
        return switch (kind) {
            case "grpc" -> new PolicyDef.Budget.Grpc(f.integer("maxTokens", 10, 1, 1_000_000),
                    f.number("tokenRatio", 0.1, 0.001, 1e6, "a number >= 0.001 (tokens added per success)"), scope);
            case "aws" -> new PolicyDef.Budget.Aws(f.integer("capacity", 500, 1, Integer.MAX_VALUE),
                    f.integer("retryCost", 5, 0, Integer.MAX_VALUE), f.integer("timeoutRetryCost", 10, 0, Integer.MAX_VALUE),
                    f.integer("noRetryIncrement", 1, 0, Integer.MAX_VALUE), scope);
            case "window" -> new PolicyDef.Budget.Window(
                    f.number("percent", 20, 0, 1000, "a percentage from 0 to 1000 (retries per 100 requests)"),
                    f.integer("minPerSecond", 10, 0, Integer.MAX_VALUE), f.positiveDuration("window", Duration.ofSeconds(10)), scope);
            default -> new PolicyDef.Budget.TokenBucket(
                    f.number("ratio", RetryReader.DEFAULT_BUDGET.ratio(), 0, 1e6, "a number >= 0 (tokens refilled per success, 0.1 = 10 %)"),
                    f.integer("burst", RetryReader.DEFAULT_BUDGET.burst(), 1, Integer.MAX_VALUE), scope);
        };
    }

    private static PolicyDef.Throttle throttle(Fields f) {
        double k = f.number("k", 2, 1e-9, 1e6, "a number > 0 (SRE: 2; lower throttles sooner)");
        Duration window = f.positiveDuration("window", Duration.ofMinutes(2));
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            f.problems().add(f.get("window"), f.path("window"), "must be >= 1s (got " + Durations.format(window) + ")");
            window = Duration.ofMinutes(2);
        }
        return new PolicyDef.Throttle(k, window, f.choice("scope", PolicyDef.Scope.CLIENT, SCOPES));
    }

    static PolicyDef.Breaker breaker(Problems problems, YamlNode node, String path) {
        Fields f = Fields.of(problems, node, path, List.of("failures", "open", "probes", "halfOpen"));
        Map<String, Boolean> halfOpenModes = new LinkedHashMap<>();
        halfOpenModes.put("probes", false);
        halfOpenModes.put("all", true);
        boolean all = f.choice("halfOpen", false, halfOpenModes);
        if (all && f.has("probes")) {
            f.notApplicable("probes", "with halfOpen: all every call goes while half-open (leave probes out, or use halfOpen: probes)");
        }
        return new PolicyDef.Breaker(f.integer("failures", RetryReader.DEFAULT_BREAKER.failures(), 1, Integer.MAX_VALUE),
                f.positiveDuration("open", RetryReader.DEFAULT_BREAKER.open()), f.integer("probes", 1, 1, Integer.MAX_VALUE), all);
    }

    private static PolicyDef.Concurrency concurrency(Fields f) {
        f.require("limit", "a whole number >= 1 (attempts in flight at once)");
        int limit = f.integer("limit", 1, 1, Integer.MAX_VALUE);
        int queue = f.integer("queue", 0, 0, Integer.MAX_VALUE);
        Duration maxWait = f.duration("maxWait", Duration.ZERO);
        if (queue > 0 && maxWait.isZero()) {
            if (f.has("maxWait")) f.problems().add(f.get("maxWait"), f.path("maxWait"), "must be longer than 0s when queue > 0 (got 0s)");
            else f.require("maxWait", "a duration > 0: how long a request may wait in the queue");
            maxWait = Duration.ofSeconds(1);
        }
        if (f.has("maxWait") && queue == 0) f.notApplicable("maxWait", "needs a queue (queue >= 1); with queue 0 requests never wait");
        java.util.Map<String, Boolean> holds = new java.util.LinkedHashMap<>();
        holds.put("request", false);
        holds.put("attempt", true);
        boolean perAttempt = f.choice("hold", false, holds);
        return new PolicyDef.Concurrency(limit, queue, maxWait, perAttempt);
    }

    /** Keys of a fallback tier written as a map. */
    static final List<String> TIER_KEYS = List.of("target", "circuitBreaker", "strategy", "retry", "qualityGate", "answer", "cost");

    private static List<PolicyDef.Tier> fallback(Problems problems, YamlNode node, String path, Set<String> strategies,
                                                 RetrySpec policyRetry) {
        List<PolicyDef.Tier> out = new ArrayList<>();
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            problems.expected(node, path, node instanceof YamlNode.Sequence ? "no tiers" : "wrong type",
                    "a list of fallback targets, paths or URLs: [/v1/models/b, {target: /v1/models/c, circuitBreaker: {...}}]");
            return out;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String where = path + "[" + i + "]";
            String target;
            PolicyDef.Breaker breaker = null;
            String strategy = null;
            RetrySpec retry = null;
            boolean ownGate = false;
            PolicyDef.Gate gate = null;
            PolicyDef.Cost cost = null;
            YamlNode targetNode = item;
            if (i > 0 && !out.isEmpty() && out.get(out.size() - 1).local() != null) {
                problems.add(item, where, "never tried: the tier before it answers locally ("
                        + out.get(out.size() - 1).target() + "), so every request ends there (expected the local tier last)");
                continue;
            }
            if (item instanceof YamlNode.Mapping) {
                Fields f = Fields.of(problems, item, where, TIER_KEYS);
                if (f.has("answer")) {
                    PolicyDef.Tier local = localTier(f);
                    if (local != null) out.add(local);
                    continue;
                }
                if (!f.require("target", "a path such as /v1/models/b, or an http(s) URL, or answer: static | cached")) continue;
                targetNode = f.get("target");
                target = Scalars.text(problems, targetNode, f.path("target"), "a path or URL");
                if (f.has("circuitBreaker")) breaker = breaker(problems, f.get("circuitBreaker"), f.path("circuitBreaker"));
                if (f.has("strategy")) {
                    String st = Scalars.text(problems, f.get("strategy"), f.path("strategy"), "a strategy name");
                    if (st != null && !strategies.contains(st.strip())) {
                        problems.expected(f.get("strategy"), f.path("strategy"), "unknown strategy" + Suggestions.didYouMean(st.strip(), strategies),
                                "one of " + String.join(", ", strategies));
                    } else if (st != null) {
                        strategy = st.strip();
                    }
                }
                if (f.has("retry")) retry = RetryReader.read(Fields.of(problems, f.get("retry"), f.path("retry"), RetryReader.KEYS), policyRetry, strategies);
                if (f.has("qualityGate")) {
                    ownGate = true;
                    YamlNode g = f.get("qualityGate");
                    if (g instanceof YamlNode.Scalar sc && sc.text().strip().equals("off")) gate = null;
                    else if (g instanceof YamlNode.Mapping) gate = gate(Fields.of(problems, g, f.path("qualityGate"), List.of("minLength", "marker", "forbidden")));
                    else problems.expected(g, f.path("qualityGate"), "wrong type", "off (no gate on this tier) or a gate {minLength: 20, forbidden: \"...\"}");
                }
                if (f.has("cost")) cost = CostReader.read(problems, f.get("cost"), f.path("cost"));
                where = f.path("target");
            } else {
                target = Scalars.text(problems, item, where, "a path such as /v1/models/b, or an http(s) URL");
            }
            if (target == null) continue;
            target = target.strip();
            if (target.contains("{{")) {
                problems.expected(targetNode, where, "a template variable in a fallback target",
                        "a fixed path or URL (variables such as {{seq}} belong in request or mix templates)");
                continue;
            }
            if (!validTarget(target)) {
                problems.expected(targetNode, where, "not a path or URL", "a path starting with / or an http(s) URL");
                continue;
            }
            out.add(new PolicyDef.Tier(target, breaker, null, strategy, retry, ownGate, gate, cost));
        }
        return out;
    }

    /** A tier {@code {answer: static | cached}}: it answers locally, takes no target and has no breaker (it cannot fail). */
    private static PolicyDef.Tier localTier(Fields f) {
        Map<String, PolicyDef.LocalAnswer> answers = new LinkedHashMap<>();
        answers.put("static", PolicyDef.LocalAnswer.STATIC);
        answers.put("cached", PolicyDef.LocalAnswer.CACHED);
        PolicyDef.LocalAnswer answer = f.choice("answer", null, answers);
        if (f.has("target")) f.notApplicable("target", "a tier with an answer answers locally and calls no target (give one or the other)");
        if (f.has("circuitBreaker")) f.notApplicable("circuitBreaker", "a tier with an answer cannot fail, so it has no breaker");
        for (String key : List.of("strategy", "retry", "qualityGate", "cost")) {
            if (f.has(key)) f.notApplicable(key, "a tier with an answer makes no call, so it has no retries, gate or cost");
        }
        if (answer == null) return null;
        return new PolicyDef.Tier(answer == PolicyDef.LocalAnswer.STATIC ? "static" : "cached", null, answer);
    }

    static boolean validTarget(String target) {
        if (target.startsWith("/")) return true;
        try {
            URI uri = new URI(target);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static PolicyDef.Gate gate(Fields f) {
        int minLength = f.integer("minLength", 0, 0, Integer.MAX_VALUE);
        String marker = f.has("marker") ? nonEmpty(f, "marker") : null;
        String forbidden = f.has("forbidden") ? nonEmpty(f, "forbidden") : null;
        if (!f.has("minLength") && !f.has("marker") && !f.has("forbidden") && f.keys().isEmpty()) {
            f.problems().add(f.node(), f.path(), "a quality gate needs minLength > 0, a marker or a forbidden text "
                    + "(expected e.g. {minLength: 20, forbidden: \"I cannot help with that\"})");
        }
        return new PolicyDef.Gate(minLength, marker, forbidden);
    }

    private static String nonEmpty(Fields f, String key) {
        String s = f.text(key, null);
        if (s != null && s.isEmpty()) {
            f.problems().add(f.get(key), f.path(key), "must not be empty (leave the key out for none)");
            return null;
        }
        return s;
    }

    static Set<Integer> statuses(Problems problems, YamlNode node, String path) {
        Set<Integer> out = new TreeSet<>();
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.expected(node, path, "wrong type", "a list of status codes, such as [500, 502, 503, 529]");
            return null;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            Long v = Scalars.integer(problems, seq.items().get(i), path + "[" + i + "]", 100, 599);
            if (v == null) continue;
            if (v >= 200 && v < 300) problems.add(seq.items().get(i), path + "[" + i + "]", "a 2xx is not a failure (got " + v + "; use qualityGate for bad 2xx answers)");
            else out.add(v.intValue());
        }
        return out;
    }

    /**
     * Reads {@code population:}: a list of {policy, share}; shares add up to 1, no policy twice.
     *
     * @param rows names a population may use: named policies and bare strategies
     */
    static List<PopulationSpec> population(Problems problems, YamlNode node, String path, Set<String> rows) {
        List<PopulationSpec> out = new ArrayList<>();
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            problems.expected(node, path, node instanceof YamlNode.Sequence ? "no populations" : "wrong type",
                    "a list such as [{policy: full, share: 0.5}, {policy: equal, share: 0.5}]");
            return out;
        }
        Set<String> sorted = new TreeSet<>(rows);
        double total = 0;
        boolean complete = true;
        for (int i = 0; i < seq.items().size(); i++) {
            String where = path + "[" + i + "]";
            Fields f = Fields.of(problems, seq.items().get(i), where, List.of("policy", "share"));
            boolean hasPolicy = f.require("policy", "a policy name or a strategy name");
            boolean hasShare = f.require("share", "a fraction of the load, in (0, 1]");
            String policy = hasPolicy ? Scalars.text(problems, f.get("policy"), f.path("policy"), "a policy or strategy name") : null;
            Double parsed = hasShare ? Scalars.number(problems, f.get("share"), f.path("share"), 0, 1,
                    "a fraction of the load, greater than 0 and at most 1") : null;
            if (parsed != null && parsed == 0) problems.add(f.get("share"), f.path("share"), "must be greater than 0 (got 0)");
            double share = parsed == null ? 0 : parsed;
            if (policy != null) {
                policy = policy.strip();
                if (!rows.contains(policy)) {
                    problems.expected(f.get("policy"), f.path("policy"), "unknown policy" + Suggestions.didYouMean(policy, sorted),
                            "one of " + String.join(", ", sorted));
                    policy = null;
                } else if (out.stream().anyMatch(p -> p.policy().equals(f.text("policy", "").strip()))) {
                    problems.add(f.get("policy"), f.path("policy"), "listed twice (got " + policy + " again; give it one population with the summed share)");
                    policy = null;
                }
            }
            if (policy == null || share <= 0) {
                complete = false;
                continue;
            }
            total += share;
            out.add(new PopulationSpec(policy, share));
        }
        if (complete && Math.abs(total - 1) > 1e-6) {
            problems.add(node, path, "shares must add up to 1 (got " + java.math.BigDecimal.valueOf(total).round(new java.math.MathContext(6))
                    .stripTrailingZeros().toPlainString() + ")");
        }
        return out;
    }
}
