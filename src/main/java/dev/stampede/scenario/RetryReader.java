package dev.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code retry:}: attempts, backoff bounds, what is retried, Retry-After handling, budget and breaker. */
final class RetryReader {

    static final List<String> KEYS = List.of("maxAttempts", "base", "cap", "min", "additiveJitter", "retryOn", "retryAfter",
            "retryAfterCap", "attemptOffset", "budget", "circuitBreaker", "retryAfterOn", "retryAfterBuffer", "inner");
    /** The keys of {@code retry.inner}: a retry block's, with its strategy, without the gates and without another layer. */
    static final List<String> INNER_KEYS = List.of("strategy", "maxAttempts", "base", "cap", "min", "additiveJitter", "retryOn",
            "retryAfter", "retryAfterCap", "attemptOffset", "retryAfterOn", "retryAfterBuffer");
    /** Keys of a retry block that {@code retry.inner} refuses, and why. */
    private static final Map<String, String> NOT_INNER = Map.of(
            "inner", "retry layers nest one level deep: an inner layer has no inner layer of its own",
            "budget", "a retry budget belongs to the policy (it counts every attempt of both layers): set it on the outer retry or the policy",
            "circuitBreaker", "a circuit breaker belongs to the policy (it counts every attempt of both layers): set it on the outer retry or the policy");
    private static final Map<String, RetrySpec.RetryAfterMode> MODES = new LinkedHashMap<>();

    static {
        MODES.put("floor", RetrySpec.RetryAfterMode.FLOOR);
        MODES.put("honor", RetrySpec.RetryAfterMode.HONOR);
        MODES.put("ignore", RetrySpec.RetryAfterMode.IGNORE);
    }

    /** Default budget: SRE's "retries under 10 % of requests", 100 tokens deep. */
    static final RetrySpec.BudgetSpec DEFAULT_BUDGET = new RetrySpec.BudgetSpec(0.1, 100);
    /** Default breaker: seed 004's 3 consecutive failures, open 60 s. */
    static final RetrySpec.BreakerSpec DEFAULT_BREAKER = new RetrySpec.BreakerSpec(3, Duration.ofSeconds(60));

    private RetryReader() {}

    static RetrySpec read(Fields retry) {
        return read(retry, RetrySpec.DEFAULT);
    }

    /** Reads {@code retry} with every absent key taken from {@code d} (a policy's {@code retry:} over the scenario's). */
    static RetrySpec read(Fields retry, RetrySpec d) {
        return read(retry, d, null);
    }

    /**
     * Reads {@code retry} over {@code d}; {@code strategies}, when not {@code null}, are the strategy names
     * {@code retry.inner.strategy} may take (a policy's retry; the scenario's own block checks them when a policy uses it).
     */
    static RetrySpec read(Fields retry, RetrySpec d, java.util.Collection<String> strategies) {
        RetrySpec.Inner inner = retry.has("inner") ? inner(retry, strategies) : d.inner();
        return readOneLayer(retry, d).withInner(inner);
    }

    /**
     * Reads {@code retry.inner}: a retry block of its own (defaults: the built-in ones, not the outer layer's) with a
     * required {@code strategy}; {@code null} (after a problem) when it cannot be read.
     */
    private static RetrySpec.Inner inner(Fields retry, java.util.Collection<String> strategies) {
        YamlNode node = retry.get("inner");
        String path = retry.path("inner");
        List<String> allowed = new ArrayList<>(INNER_KEYS);
        allowed.addAll(NOT_INNER.keySet());
        Fields f = Fields.of(retry.problems(), node, path, allowed);
        for (Map.Entry<String, String> no : NOT_INNER.entrySet()) {
            if (f.has(no.getKey())) {
                YamlNode.Entry e = f.entry(no.getKey());
                retry.problems().add(e.line(), e.column(), f.path(no.getKey()), no.getValue());
            }
        }
        String strategy = null;
        if (f.require("strategy", "the inner layer's strategy, such as sdk")) {
            String s = Scalars.text(retry.problems(), f.get("strategy"), f.path("strategy"), "a strategy name");
            if (s != null && strategies != null && !strategies.contains(s.strip())) {
                retry.problems().expected(f.get("strategy"), f.path("strategy"), "unknown strategy" + Suggestions.didYouMean(s.strip(), strategies),
                        "one of " + String.join(", ", new TreeSet<>(strategies)));
            } else if (s != null) {
                strategy = s.strip();
            }
        }
        RetrySpec spec = readOneLayer(f, RetrySpec.DEFAULT);
        String st = strategy;
        return retry.problems().build(node, path, () -> st == null ? null : new RetrySpec.Inner(st, spec.withInner(null)), null);
    }

    private static RetrySpec readOneLayer(Fields retry, RetrySpec d) {
        int maxAttempts = retry.integer("maxAttempts", d.maxAttempts(), 1, 1000);
        boolean maxAttemptsSet = retry.has("maxAttempts") || d.maxAttemptsSet();
        Duration base = retry.duration("base", d.base());
        Duration cap = retry.duration("cap", d.cap());
        if (cap.compareTo(base) < 0) {
            if (retry.has("cap")) {
                retry.problems().add(retry.get("cap"), retry.path("cap"), "must be >= retry.base (got " + Durations.format(cap)
                        + " < " + Durations.format(base) + ")");
            } else {
                retry.problems().add(retry.get("base"), retry.path("base"), "must be <= retry.cap (got " + Durations.format(base)
                        + " > " + Durations.format(cap) + ", the default cap; set retry.cap too)");
            }
            cap = base;
        }
        Duration min = retry.duration("min", d.min());
        if (min.compareTo(cap) > 0) {
            retry.problems().add(retry.get("min"), retry.path("min"), "must be <= retry.cap (got " + Durations.format(min)
                    + " > " + Durations.format(cap) + ")");
            min = Duration.ZERO;
        }
        Duration additiveJitter = retry.duration("additiveJitter", d.additiveJitter());
        Set<Integer> statuses = d.retryStatuses();
        Set<ErrorKind> errors = d.retryErrors();
        if (retry.has("retryOn")) {
            statuses = new TreeSet<>();
            errors = EnumSet.noneOf(ErrorKind.class);
            retryOn(retry.problems(), retry.get("retryOn"), retry.path("retryOn"), statuses, errors);
        }
        RetrySpec.RetryAfterMode mode = retry.choice("retryAfter", d.retryAfter(), MODES);
        Duration retryAfterCap = retry.duration("retryAfterCap", d.retryAfterCap());
        Set<Integer> retryAfterOn = d.retryAfterOn();
        if (retry.has("retryAfterOn")) {
            retryAfterOn = new TreeSet<>();
            retryOn(retry.problems(), retry.get("retryAfterOn"), retry.path("retryAfterOn"), retryAfterOn, null);
        }
        Duration retryAfterBuffer = retry.duration("retryAfterBuffer", d.retryAfterBuffer());
        int attemptOffset = retry.integer("attemptOffset", d.attemptOffset(), 0, 62);
        RetrySpec.BudgetSpec budget = retry.has("budget") ? budget(retry) : d.budget();
        RetrySpec.BreakerSpec breaker = retry.has("circuitBreaker") ? breaker(retry) : d.circuitBreaker();
        Duration c = cap;
        Duration m = min;
        Set<Integer> s = statuses;
        Set<ErrorKind> e = errors;
        Set<Integer> hintsOn = retryAfterOn;
        return retry.problems().build(retry.node(), retry.path(), () -> new RetrySpec(maxAttempts, base, c, m, additiveJitter,
                s, e, mode, retryAfterCap, attemptOffset, budget, breaker, maxAttemptsSet, hintsOn, retryAfterBuffer), d);
    }

    /** Reads a list of statuses and error kinds ({@code retryOn}, a policy's {@code fallbackOn}) into the two sets. */
    static void statusesAndErrors(Problems problems, YamlNode node, String path, Set<Integer> statuses, Set<ErrorKind> errors) {
        retryOn(problems, node, path, statuses, errors);
    }

    /** A list of statuses and error kinds; with {@code errors == null} (a list of headers' statuses) statuses only. */
    private static void retryOn(Problems problems, YamlNode node, String path, Set<Integer> statuses, Set<ErrorKind> errors) {
        List<String> kinds = new ArrayList<>();
        for (ErrorKind k : ErrorKind.values()) kinds.add(k.key());
        String expected = errors == null ? "a status code from 100 to 599"
                : "a status code from 100 to 599 or an error kind (" + String.join(", ", kinds) + ")";
        if (node instanceof YamlNode.Null) return;
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.expected(node, path, "wrong type", "a list of status codes and error kinds, such as [429, 503, 529, timeout]");
            return;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String itemPath = path + "[" + i + "]";
            String text = Scalars.text(problems, item, itemPath, expected);
            if (text == null) continue;
            String t = text.strip();
            if (t.matches("\\d+")) {
                int status = Integer.parseInt(t);
                if (status < 100 || status > 599) problems.expected(item, itemPath, "out of range", "a status code from 100 to 599");
                else statuses.add(status);
            } else if (kinds.contains(t) && errors == null) {
                problems.expected(item, itemPath, "an error kind carries no retry header", expected);
            } else if (kinds.contains(t)) {
                errors.add(ErrorKind.fromKey(t));
            } else {
                problems.expected(item, itemPath, "unknown error kind" + Suggestions.didYouMean(t, kinds), expected);
            }
        }
    }

    private static RetrySpec.BudgetSpec budget(Fields retry) {
        Fields f = Fields.of(retry.problems(), retry.get("budget"), retry.path("budget"), List.of("ratio", "burst"));
        double ratio = f.number("ratio", DEFAULT_BUDGET.ratio(), 0, 1e6, "a number >= 0 (tokens refilled per success, 0.1 = 10 %)");
        int burst = f.integer("burst", DEFAULT_BUDGET.burst(), 1, Integer.MAX_VALUE);
        return new RetrySpec.BudgetSpec(ratio, burst);
    }

    private static RetrySpec.BreakerSpec breaker(Fields retry) {
        Fields f = Fields.of(retry.problems(), retry.get("circuitBreaker"), retry.path("circuitBreaker"), List.of("failures", "open"));
        int failures = f.integer("failures", DEFAULT_BREAKER.failures(), 1, Integer.MAX_VALUE);
        Duration open = f.positiveDuration("open", DEFAULT_BREAKER.open());
        return new RetrySpec.BreakerSpec(failures, open);
    }
}
