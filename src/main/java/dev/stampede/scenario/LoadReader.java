package dev.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code load:}: one of the open, closed and herd models, with the keys of that model only. */
final class LoadReader {

    private static final Map<String, String> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("open", "open");
        MODELS.put("closed", "closed");
        MODELS.put("herd", "herd");
    }

    private static final List<String> KEYS = List.of("model", "rate", "stages", "maxInFlight", "arrivals", "clients", "think", "requests");
    private static final Map<String, Set<String>> KEYS_BY_MODEL = Map.of(
            "open", Set.of("model", "rate", "stages", "maxInFlight", "arrivals"),
            "closed", Set.of("model", "clients", "think"),
            "herd", Set.of("model", "clients", "requests"));

    private static final LoadSpec PLACEHOLDER = new LoadSpec.Open(List.of(new LoadSpec.Stage(Duration.ofSeconds(1), new Rate(1))), 1);

    private LoadReader() {}

    static LoadSpec read(Fields load, Duration scenarioDuration) {
        String model = load.choice("model", "open", MODELS);
        for (String key : load.keys()) {
            if (!KEYS_BY_MODEL.get(model).contains(key)) {
                List<String> owners = KEYS_BY_MODEL.entrySet().stream().filter(e -> e.getValue().contains(key))
                        .map(Map.Entry::getKey).sorted().toList();
                load.notApplicable(key, "applies to the " + String.join(" and ", owners) + " model" + (owners.size() > 1 ? "s" : "")
                        + " only (load.model is " + model + ")");
            }
        }
        return switch (model) {
            case "closed" -> closed(load);
            case "herd" -> herd(load);
            default -> open(load, scenarioDuration);
        };
    }

    static List<String> keys() { return KEYS; }

    private static final Map<String, LoadSpec.Arrivals> ARRIVALS = new LinkedHashMap<>();

    static {
        ARRIVALS.put("uniform", LoadSpec.Arrivals.UNIFORM);
        ARRIVALS.put("poisson", LoadSpec.Arrivals.POISSON);
    }

    private static LoadSpec open(Fields load, Duration scenarioDuration) {
        Problems problems = load.problems();
        LoadSpec.Arrivals arrivals = load.choice("arrivals", LoadSpec.Arrivals.UNIFORM, ARRIVALS);
        int maxInFlight = load.integer("maxInFlight", LoadSpec.Open.DEFAULT_MAX_IN_FLIGHT, 1, Integer.MAX_VALUE);
        List<LoadSpec.Stage> stages = new ArrayList<>();
        if (load.has("rate") && load.has("stages")) {
            YamlNode.Entry e = load.entry("stages");
            problems.add(e.line(), e.column(), load.path("stages"), "give either rate or stages, not both");
        } else if (load.has("rate")) {
            Rate rate = load.rate("rate", null);
            if (rate != null) stages.add(new LoadSpec.Stage(scenarioDuration, rate));
        } else if (load.has("stages")) {
            stages.addAll(stages(load, scenarioDuration));
        } else {
            load.require("rate", "a rate such as 400/s, or stages: [{for: 10s, rate: 200/s}, ...]");
        }
        if (stages.isEmpty()) return PLACEHOLDER;
        return problems.build(load.node(), load.path(), () -> new LoadSpec.Open(stages, maxInFlight, arrivals), PLACEHOLDER);
    }

    private static List<LoadSpec.Stage> stages(Fields load, Duration scenarioDuration) {
        Problems problems = load.problems();
        YamlNode node = load.get("stages");
        String path = load.path("stages");
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            problems.expected(node, path, node instanceof YamlNode.Sequence ? "no stages" : "wrong type", "a non-empty list of {for: D, rate: R}");
            return List.of();
        }
        List<LoadSpec.Stage> stages = new ArrayList<>();
        Duration start = Duration.ZERO;
        boolean complete = true;
        for (int i = 0; i < seq.items().size(); i++) {
            Fields stage = Fields.of(problems, seq.items().get(i), path + "[" + i + "]", List.of("for", "rate"));
            stage.require("for", Scalars.DURATION);
            stage.require("rate", Scalars.RATE);
            Duration length = stage.positiveDuration("for", null);
            Rate rate = stage.rate("rate", null);
            if (scenarioDuration != null && start.compareTo(scenarioDuration) >= 0) {
                problems.add(stage.node(), stage.path(), "starts at " + Durations.format(start)
                        + ", when the scenario's duration (" + Durations.format(scenarioDuration) + ") is over");
            }
            if (length == null || rate == null) {
                complete = false;
                continue;
            }
            start = start.plus(length);
            stages.add(new LoadSpec.Stage(length, rate));
        }
        return complete ? stages : List.of();
    }

    private static LoadSpec closed(Fields load) {
        load.require("clients", "a whole number >= 1");
        int clients = load.integer("clients", 1, 1, Integer.MAX_VALUE);
        Duration think = load.duration("think", Duration.ZERO);
        return new LoadSpec.Closed(clients, think);
    }

    private static LoadSpec herd(Fields load) {
        load.require("clients", "a whole number >= 1");
        int clients = load.integer("clients", 1, 1, Integer.MAX_VALUE);
        int requests = load.integer("requests", 1, 1, Integer.MAX_VALUE);
        return new LoadSpec.Herd(clients, requests);
    }
}
