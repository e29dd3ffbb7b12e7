package dev.stampede.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads scenario YAML (docs/scenario-reference.md) into a validated {@link Scenario}. Strict: unknown keys, wrong
 * types, out-of-range values, bad units and inconsistent combinations are all problems, and every
 * problem of a file is reported at once, each as {@code file:line:column: path: problem}.
 *
 * <p>Stateless and thread-safe. The environment and the known strategy names are passed in, so the
 * loader reads no global state (and the scenario package does not depend on {@code retry}).
 */
public final class ScenarioLoader {

    /** Duration offered per strategy when the file sets none. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    /** Seed when the file sets none. */
    public static final long DEFAULT_SEED = 1;

    static final List<String> KEYS = List.of("name", "description", "duration", "gracefulStop", "seed", "target", "request", "mix", "data", "load",
            "server", "retry", "policies", "strategies", "population", "thresholds", "sim", "client", "idempotencyKey");
    private static final List<String> SIM_KEYS = List.of("network", "interval");

    private ScenarioLoader() {}

    /**
     * Loads a scenario file; {@code source} and {@code sha256} (of the file's bytes) are set.
     *
     * @param knownStrategies names {@code strategies:} and {@code thresholds:} may use
     * @param env             variables for {@code ${NAME}} in header values (usually {@code System.getenv()})
     * @throws ScenarioException listing every problem, each with file:line:column
     * @throws IOException       when the file cannot be read
     */
    public static Scenario load(Path file, Set<String> knownStrategies, Map<String, String> env)
            throws ScenarioException, IOException {
        return load(file, knownStrategies, env, List.of());
    }

    /**
     * Loads a scenario file with {@code overrides} applied to its YAML tree before validation (a sweep's point):
     * a value the scenario cannot take is reported at the position of the value it replaced. {@code sha256} stays
     * that of the file's bytes.
     *
     * @throws ScenarioException listing every problem, each with file:line:column
     * @throws IOException       when the file cannot be read
     */
    public static Scenario load(Path file, Set<String> knownStrategies, Map<String, String> env,
                                List<NumericOverride> overrides) throws ScenarioException, IOException {
        byte[] bytes = Files.readAllBytes(file);
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString(), file, sha256(bytes), knownStrategies, env,
                overrides);
    }

    /**
     * Parses scenario text; {@code fileLabel} names it in problems. {@code source} is {@code null} and
     * {@code sha256} is that of the text's UTF-8 bytes.
     *
     * @throws ScenarioException listing every problem, each with file:line:column
     */
    public static Scenario parse(String yaml, String fileLabel, Set<String> knownStrategies, Map<String, String> env)
            throws ScenarioException {
        return parse(yaml, fileLabel, knownStrategies, env, List.of());
    }

    /** {@link #parse(String, String, Set, Map)} with {@code overrides} applied to the YAML tree before validation. */
    public static Scenario parse(String yaml, String fileLabel, Set<String> knownStrategies, Map<String, String> env,
                                 List<NumericOverride> overrides) throws ScenarioException {
        return parse(yaml, fileLabel, null, sha256(yaml.getBytes(StandardCharsets.UTF_8)), knownStrategies, env, overrides);
    }

    private static Scenario parse(String yaml, String fileLabel, Path source, String sha256, Set<String> knownStrategies,
                                  Map<String, String> env, List<NumericOverride> overrides) throws ScenarioException {
        Problems problems = new Problems(fileLabel);
        YamlNode root;
        try {
            root = YamlTree.read(yaml);
        } catch (YamlTree.SyntaxError e) {
            problems.add(e.line, e.column, "", e.getMessage());
            problems.throwIfAny();
            throw new AssertionError("unreachable");
        }
        if (root instanceof YamlNode.Null) {
            problems.add(1, 1, "", "the file is empty (expected a scenario: at least load:, see docs/scenario-reference.md)");
            problems.throwIfAny();
        }
        if (!overrides.isEmpty()) {
            root = YamlOverrides.apply(root, overrides, problems);
            problems.throwIfAny();
        }
        Fields top = Fields.of(problems, root, "", KEYS);
        if (!(root instanceof YamlNode.Mapping)) problems.throwIfAny();

        String name = top.text("name", defaultName(fileLabel));
        if (name.isBlank() && top.has("name")) problems.expected(top.get("name"), "name", "empty", "a non-empty name");
        String description = top.text("description", "");
        Duration duration = top.positiveDuration("duration", DEFAULT_DURATION);
        Duration gracefulStop = top.duration("gracefulStop", Scenario.DEFAULT_GRACEFUL_STOP);
        long seed = top.longInteger("seed", DEFAULT_SEED);
        Target target = top.has("target") ? target(problems, top.get("target")) : Target.EMBEDDED;
        String idempotencyKey = top.has("idempotencyKey")
                ? RequestReader.idempotencyKey(problems, top.get("idempotencyKey"), "idempotencyKey") : null;
        LoadSpec load = null;
        if (top.require("load", "load: {rate: 400/s}, {model: closed, clients: N} or {model: herd, clients: N}")) {
            load = LoadReader.read(Fields.of(problems, top.get("load"), "load", LoadReader.keys()), duration);
        }
        ServerSpec server = top.has("server")
                ? ServerReader.read(Fields.of(problems, top.get("server"), "server", ServerReader.KEYS), duration)
                : ServerSpec.HEALTHY;
        RetrySpec retry = top.has("retry")
                ? RetryReader.read(Fields.of(problems, top.get("retry"), "retry", RetryReader.KEYS), RetrySpec.DEFAULT, knownStrategies)
                : RetrySpec.DEFAULT;
        Map<String, PolicyDef> policies = top.has("policies")
                ? PolicyReader.read(problems, top.get("policies"), "policies", knownStrategies, retry)
                : Map.of();
        RequestMix mix = MixReader.read(top, root, source, env, retry, idempotencyKey);
        // the server honours the key header of the templates (the first that names one)
        server = ServerReader.keyHeader(server, mix.templates().stream().map(t -> t.request().idempotencyKey())
                .filter(java.util.Objects::nonNull).findFirst().orElse(null));
        MixReader.checkOverrides(top, mix, retry, policies);
        Set<String> rowNames = new TreeSet<>(knownStrategies);
        rowNames.addAll(policies.keySet());
        List<String> strategies = top.has("strategies")
                ? strategies(problems, top.get("strategies"), rowNames)
                : Scenario.DEFAULT_STRATEGIES;
        List<PopulationSpec> population = top.has("population")
                ? PolicyReader.population(problems, top.get("population"), "population", rowNames)
                : List.of();
        if (top.has("population") && top.has("strategies")) {
            YamlNode.Entry e = top.entry("population");
            problems.add(e.line(), e.column(), "population", "give either strategies (one run per strategy) or population "
                    + "(one mixed run), not both");
        }
        if (load instanceof LoadSpec.Closed c && c.clients() < population.size()
                || load instanceof LoadSpec.Herd h && h.clients() < population.size()) {
            YamlNode.Entry e = top.entry("population");
            problems.add(e.line(), e.column(), "population", "more populations than clients (got " + population.size()
                    + " populations; expected at most load.clients)");
        }
        List<ThresholdSpec> thresholds = top.has("thresholds")
                ? ThresholdReader.read(problems, top.get("thresholds"), "thresholds", rowNames)
                : List.of();
        SimSpec sim = top.has("sim") ? sim(Fields.of(problems, top.get("sim"), "sim", SIM_KEYS)) : SimSpec.DEFAULT;
        ClientSpec client = top.has("client")
                ? ClientReader.read(Fields.of(problems, top.get("client"), "client", ClientReader.KEYS),
                        source == null ? null : source.toAbsolutePath().getParent())
                : ClientSpec.DEFAULT;

        problems.throwIfAny();
        return new Scenario(name, description, duration, seed, target, mix.templates().getFirst().request(), load, server,
                retry, strategies, thresholds, sim, source, sha256, policies, population, gracefulStop, client, mix);
    }

    /** {@code runs/launch-spike.yaml} is named {@code launch-spike}. */
    private static String defaultName(String fileLabel) {
        String base = fileLabel.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        return base.replaceFirst("\\.(ya?ml)$", "");
    }

    private static Target target(Problems problems, YamlNode node) {
        String expected = "embedded, or a base URL such as https://api.example.com";
        String text = Scalars.text(problems, node, "target", expected);
        if (text == null) return Target.EMBEDDED;
        String t = text.strip();
        if (t.equals("embedded")) return Target.EMBEDDED;
        if (t.contains("{{")) {
            problems.expected(node, "target", "a template variable in the target's host",
                    "a fixed base URL; variables such as {{seq}} may appear in request.path, headers and body only");
            return Target.EMBEDDED;
        }
        try {
            URI uri = new URI(t);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
                    && uri.getFragment() == null) {
                return new Target.Url(uri);
            }
        } catch (URISyntaxException e) {
            // reported below, in the user's terms
        }
        problems.expected(node, "target", t.contains("?") || t.contains("#")
                ? "a base URL has no query or fragment (put those in request.path)" : "unsupported target", expected);
        return Target.EMBEDDED;
    }

    private static List<String> strategies(Problems problems, YamlNode node, Set<String> known) {
        String path = "strategies";
        // names are strategies and the scenario's policies
        List<String> out = new ArrayList<>();
        Set<String> sorted = new TreeSet<>(known);
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            problems.expected(node, path, node instanceof YamlNode.Sequence ? "no strategies" : "wrong type", "a non-empty list of strategy names, such as [none, equal, decorrelated, full]");
            return Scenario.DEFAULT_STRATEGIES;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String itemPath = path + "[" + i + "]";
            String name = Scalars.text(problems, item, itemPath, "a strategy name");
            if (name == null) continue;
            name = name.strip();
            if (!known.contains(name)) {
                problems.expected(item, itemPath, "unknown strategy" + Suggestions.didYouMean(name, sorted),
                        "one of " + String.join(", ", sorted));
            } else if (out.contains(name)) {
                problems.add(item, itemPath, "listed twice (got " + name + " again)");
            } else {
                out.add(name);
            }
        }
        return out.isEmpty() ? Scenario.DEFAULT_STRATEGIES : out;
    }

    private static SimSpec sim(Fields f) {
        SimSpec.NetworkDelay network = null;
        if (f.has("network")) {
            YamlNode n = f.get("network");
            if (n instanceof YamlNode.Mapping) {
                Fields normal = Fields.of(f.problems(), n, f.path("network"), List.of("mean", "sd"));
                normal.require("mean", Scalars.DURATION);
                normal.require("sd", Scalars.DURATION);
                Duration mean = normal.duration("mean", null);
                Duration sd = normal.duration("sd", null);
                if (mean != null && sd != null) network = new SimSpec.NetworkDelay.Normal(mean, sd);
            } else if (n instanceof YamlNode.Scalar) {
                Duration d = Scalars.duration(f.problems(), n, f.path("network"), Duration.ZERO);
                if (d != null) network = new SimSpec.NetworkDelay.Fixed(d);
            } else {
                f.problems().expected(n, f.path("network"), "wrong type", "a duration such as 0.5ms, or {mean: 10ms, sd: 2ms}");
            }
        }
        Duration interval = f.positiveDuration("interval", null); // absent: chosen from the run's length (SimSpec.intervalFor)
        return new SimSpec(network, interval);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
