package dev.stampede;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/k8s/ checked without a cluster: the manifests, as shipped and as scripts/k8s/apply.sh fills them in
 * ({@code --render}, the same substitutions it applies to the cluster), are parsed into the Kubernetes API types,
 * every field must be one the API knows, and the shard Job and the merge Job must agree on what one writes and the
 * other reads.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("scripts/k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The objects of one rendering, by kind. */
    private record Manifests(ConfigMap scenario, PersistentVolumeClaim results, Job shards, Job merge, Pod reader) {}

    @Test
    void theShippedManifestsAreKubernetesObjectsWithOnlyFieldsTheApiKnows() throws IOException {
        for (String file : List.of("stampede-shards.yaml", "merge-job.yaml", "results-pod.yaml")) {
            for (HasMetadata object : parse(Files.readString(K8S.resolve(file)))) {
                assertNoUnknownFields(object, file + " " + object.getKind());
            }
        }
    }

    @Test
    void theRenderedManifestsAreKubernetesObjectsWithOnlyFieldsTheApiKnows() {
        List<HasMetadata> objects = parse(render("--registry", "registry.example.com/team", "--shards", "7"));
        assertEquals(List.of("ConfigMap", "PersistentVolumeClaim", "Job", "Job", "Pod"),
                objects.stream().map(HasMetadata::getKind).toList());
        for (HasMetadata object : objects) {
            assertNoUnknownFields(object, "rendered " + object.getKind());
        }
    }

    @Test
    void aMisspeltFieldIsCaughtThoughTheModelClassesAcceptIt() {
        String template = """
                apiVersion: batch/v1
                kind: Job
                metadata: { name: typo }
                spec:
                  %s: Indexed
                  template:
                    spec:
                      containers: [ { name: c, image: i, %s: [] } ]
                """;
        for (String misspelt : List.of("completionsMode", "volumeMount")) {
            String yaml = misspelt.equals("volumeMount")
                    ? template.formatted("completionMode", misspelt) : template.formatted(misspelt, "volumeMounts");
            HasMetadata parsed = parse(yaml).get(0);
            AssertionError error = assertThrows(AssertionError.class, () -> assertNoUnknownFields(parsed, "typo"));
            assertTrue(error.getMessage().contains(misspelt), error.getMessage());
        }
    }

    @Test
    void theShardJobIsIndexedAndRunsAllShardsAtOnce() {
        Manifests m = manifests(render("--registry", "registry.example.com/team", "--shards", "7"));
        assertEquals("Indexed", m.shards().getSpec().getCompletionMode());
        assertEquals(7, m.shards().getSpec().getCompletions());
        assertEquals(7, m.shards().getSpec().getParallelism(), "all shards at once, so their load adds up in time");
        assertEquals("7", env(container(m.shards()), "SHARDS"));
        assertEquals("7", env(container(m.merge()), "SHARDS"), "the merge expects as many results as shards ran");
        assertTrue(script(m.shards()).contains("--shard \"$i/$SHARDS\""), script(m.shards()));
        assertTrue(script(m.shards()).contains("i=$((JOB_COMPLETION_INDEX + 1))"), "shards are numbered 1..N");
    }

    @Test
    void theShippedShardCountAppearsConsistentlyEverywhere() throws IOException {
        Manifests m = manifests(Files.readString(K8S.resolve("stampede-shards.yaml"))
                + "\n---\n" + Files.readString(K8S.resolve("merge-job.yaml"))
                + "\n---\n" + Files.readString(K8S.resolve("results-pod.yaml")));
        int n = m.shards().getSpec().getCompletions();
        assertEquals(n, m.shards().getSpec().getParallelism());
        assertEquals(String.valueOf(n), env(container(m.shards()), "SHARDS"));
        assertEquals(String.valueOf(n), env(container(m.merge()), "SHARDS"));
        assertEquals("", env(container(m.shards()), "START_AT"), "applied as shipped, no common start instant");
    }

    @Test
    void theMergeJobReadsExactlyTheFilesTheShardJobWrites() {
        int shards = 5;
        Manifests m = manifests(render("--registry", "r.example.com", "--shards", String.valueOf(shards),
                "--start-at", "2031-02-03T04:05:06Z"));
        String runId = env(container(m.shards()), "RUN_ID");
        assertEquals(runId, env(container(m.merge()), "RUN_ID"), "both Jobs use this run's directory");
        assertFalse(runId.isBlank());

        // Same volume (the PVC of this rendering) at the same mount path in both Jobs.
        String claim = m.results().getMetadata().getName();
        assertEquals("/out", mountOfClaim(m.shards(), claim));
        assertEquals("/out", mountOfClaim(m.merge(), claim));
        assertEquals("/out", mountOfClaim(m.reader(), claim), "the results pod copies from the same volume");
        assertTrue(m.results().getSpec().getAccessModes().contains("ReadWriteMany"),
                "pods on different nodes write to it");

        // The path each shard writes, and the glob the merge reads, with the environment filled in.
        String written = group(script(m.shards()), "--json \"([^\"]+)\"").replace("$RUN_ID", runId);
        String dir = group(script(m.merge()), "dir=\"([^\"]+)\"").replace("$RUN_ID", runId);
        String glob = dir + group(script(m.merge()), "stampede merge \"\\$dir\"(/\\S+)");
        PathMatcher merged = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        for (int i = 1; i <= shards; i++) {
            Path shardFile = Path.of(written.replace("$i", String.valueOf(i)));
            assertTrue(merged.matches(shardFile), shardFile + " is not read by the merge's " + glob);
            assertTrue(shardFile.startsWith("/out/" + runId), shardFile + " is outside the run's directory");
        }
        String mergedJson = group(script(m.merge()), "-o \"([^\"]+)\"").replace("$dir", dir);
        assertFalse(merged.matches(Path.of(mergedJson)), "the merged result must not be read as a shard next time");

        // Both read the scenario from the ConfigMap this rendering creates, at the same path.
        String configMap = m.scenario().getMetadata().getName();
        for (Job job : List.of(m.shards(), m.merge())) {
            Volume volume = volumeNamed(job.getSpec().getTemplate().getSpec(), mountAt(container(job), "/scenario"));
            assertEquals(configMap, volume.getConfigMap().getName());
            assertTrue(script(job).contains("/scenario/scenario.yaml"));
        }
        assertTrue(m.scenario().getData().containsKey("scenario.yaml"));
    }

    @Test
    void everyObjectUsesTheSameImageWithOnlyTheRegistryFilledIn() throws IOException {
        String version = projectVersion();
        Manifests shipped = manifests(render("--registry", "REGISTRY", "--no-start-at"));
        Manifests rendered = manifests(render("--registry", "registry.example.com:5000/team"));
        for (Manifests m : List.of(shipped, rendered)) {
            String registry = m == shipped ? "REGISTRY" : "registry.example.com:5000/team";
            String expected = registry + "/stampede:" + version;
            assertEquals(expected, container(m.shards()).getImage(), "the tag is the project version");
            assertEquals(expected, container(m.merge()).getImage());
            assertEquals(expected, m.reader().getSpec().getContainers().get(0).getImage());
        }
        String overridden = container(manifests(render("--registry", "r.example.com", "--tag", "1.2.3")).shards())
                .getImage();
        assertEquals("r.example.com/stampede:1.2.3", overridden);
    }

    @Test
    void everyShardReceivesTheStartInstantComputedWhenApplied() {
        Instant before = Instant.now().minusSeconds(1);
        Manifests m = manifests(render("--registry", "r.example.com", "--start-in", "90"));
        Instant after = Instant.now().plusSeconds(1);
        Instant startAt = Instant.parse(env(container(m.shards()), "START_AT"));
        assertTrue(!startAt.isBefore(before.plusSeconds(90)) && !startAt.isAfter(after.plusSeconds(90)),
                startAt + " is not 90 s after the rendering (" + before + " .. " + after + ")");
        assertTrue(script(m.shards()).contains("${START_AT:+--start-at \"$START_AT\"}"), script(m.shards()));

        Manifests fixed = manifests(render("--registry", "r.example.com", "--start-at", "2031-02-03T04:05:06Z"));
        assertEquals("2031-02-03T04:05:06Z", env(container(fixed.shards()), "START_AT"));
        Manifests none = manifests(render("--registry", "r.example.com", "--no-start-at"));
        assertEquals("", env(container(none.shards()), "START_AT"));
        assertFalse(env(container(none.shards()), "RUN_ID").isBlank(), "a run without an instant still has a directory");
    }

    @Test
    void theScenarioOptionPutsTheFileIntoTheConfigMapUnchanged() throws IOException {
        Path scenario = Path.of("scenarios/short-burst.yaml");
        Manifests m = manifests(render("--registry", "r.example.com", "--scenario", scenario.toString()));
        assertEquals(Files.readString(scenario).stripTrailing(), m.scenario().getData().get("scenario.yaml").stripTrailing());
        assertEquals("stampede-results", m.results().getMetadata().getName(), "the documents after it are intact");
    }

    @Test
    void theEmbeddedShellScriptsAreValidShell() throws IOException, InterruptedException {
        Manifests m = manifests(render("--registry", "r.example.com"));
        for (Job job : List.of(m.shards(), m.merge())) {
            Process sh = new ProcessBuilder("sh", "-n", "-c", script(job)).redirectErrorStream(true).start();
            assertTrue(sh.waitFor(30, TimeUnit.SECONDS), "sh -n finished");
            assertEquals(0, sh.exitValue(), job.getMetadata().getName() + ": "
                    + new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(List.of("/bin/sh", "-c"), container(job).getCommand());
        }
    }

    @Test
    void theApplyScriptRefusesBadArgumentsWithExitTwo() {
        assertEquals(2, run("--shards", "4", "--render").exitCode(), "no registry");
        assertEquals(2, run("--registry", "r.example.com", "--shards", "0", "--render").exitCode());
        assertEquals(2, run("--registry", "r.example.com", "--shards", "x", "--render").exitCode());
        assertEquals(2, run("--registry", "r.example.com", "--start-at", "tomorrow", "--render").exitCode());
        assertEquals(2, run("--registry", "r.example.com", "--scenario", "no/such.yaml", "--render").exitCode());
        assertEquals(2, run("--registry", "bad registry", "--render").exitCode());
    }

    @Test
    void theApplyScriptRunsTheShardsThenTheMergeAndExitsWithTheMergesCode(@TempDir Path dir) throws IOException {
        // A stand-in kubectl: logs every call, keeps what is applied, and reports the Jobs as FAKE_STATE says.
        Path kubectl = dir.resolve("bin/kubectl");
        Files.createDirectories(kubectl.getParent());
        Files.writeString(kubectl, """
                #!/bin/sh
                echo "$*" >> "$FAKE_DIR/calls"
                case "$1" in
                  apply) n=$(ls "$FAKE_DIR" | grep -c '^applied-'); cat > "$FAKE_DIR/applied-$n.yaml" ;;
                  get) case "$2" in
                         job/stampede-merge) echo "$FAKE_MERGE " ;;
                         job/*) echo "Complete " ;;
                         pods) echo "$FAKE_EXIT" ;;
                       esac ;;
                  logs) echo "merged verdict" ;;
                esac
                """);
        assertTrue(kubectl.toFile().setExecutable(true));

        for (String merge : List.of("Complete", "Failed")) {
            Files.deleteIfExists(dir.resolve("calls"));
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("applied-")).toList()) {
                    Files.delete(f);
                }
            }
            Output out = run(Map.of("PATH", kubectl.getParent() + ":" + System.getenv("PATH"),
                            "FAKE_DIR", dir.toString(), "FAKE_MERGE", merge, "FAKE_EXIT", merge.equals("Complete") ? "0" : "99"),
                    "--registry", "r.example.com", "--shards", "3", "--start-in", "60");
            assertEquals(merge.equals("Complete") ? 0 : 99, out.exitCode(), "the merge's exit code");
            assertTrue(out.stdout().contains("merged verdict"), "the merged comparison is printed");
            List<String> calls = Files.readAllLines(dir.resolve("calls"));
            List<String> verbs = calls.stream().map(c -> c.split(" ")[0] + " " + c.split(" ")[1]).toList();
            assertEquals(List.of("delete job", "apply -f", "get job/stampede-shards", "apply -f",
                    "get job/stampede-merge", "logs job/stampede-merge", "get pods"), verbs, String.join("\n", calls));
            Job shards = one(parse(Files.readString(dir.resolve("applied-0.yaml"))), Job.class, "stampede-shards");
            Job merged = one(parse(Files.readString(dir.resolve("applied-1.yaml"))), Job.class, "stampede-merge");
            assertEquals(3, shards.getSpec().getCompletions(), "the shards are applied first");
            assertEquals("3", env(container(merged), "SHARDS"), "then the merge, filled in alike");
            assertEquals(env(container(shards), "RUN_ID"), env(container(merged), "RUN_ID"));
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private record Output(int exitCode, String stdout) {}

    private static Output run(String... args) {
        return run(Map.of(), args);
    }

    private static Output run(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", K8S.resolve("apply.sh").toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS), "apply.sh finished");
            return new Output(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run apply.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String render(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--render");
        Output out = run(all.toArray(String[]::new));
        assertEquals(0, out.exitCode(), "apply.sh " + all);
        return out.stdout();
    }

    private static List<HasMetadata> parse(String yaml) {
        try {
            List<HasMetadata> objects = new ArrayList<>();
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (doc == null || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                Class<? extends HasMetadata> type = switch (doc.path("apiVersion").asText() + " " + doc.path("kind").asText()) {
                    case "v1 ConfigMap" -> ConfigMap.class;
                    case "v1 PersistentVolumeClaim" -> PersistentVolumeClaim.class;
                    case "v1 Pod" -> Pod.class;
                    case "batch/v1 Job" -> Job.class;
                    default -> throw new AssertionError("unexpected object " + doc.path("apiVersion") + " " + doc.path("kind"));
                };
                objects.add(YAML.treeToValue(doc, type));
            }
            return objects;
        } catch (IOException e) {
            throw new AssertionError("not valid Kubernetes YAML: " + e.getMessage(), e);
        }
    }

    private static Manifests manifests(String yaml) {
        List<HasMetadata> objects = parse(yaml);
        return new Manifests(one(objects, ConfigMap.class, "stampede-scenario"),
                one(objects, PersistentVolumeClaim.class, "stampede-results"),
                one(objects, Job.class, "stampede-shards"), one(objects, Job.class, "stampede-merge"),
                one(objects, Pod.class, "stampede-results"));
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertEquals(1, found.size(), type.getSimpleName() + " " + name);
        return found.get(0);
    }

    private static Container container(Job job) {
        List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), job.getMetadata().getName());
        return containers.get(0);
    }

    private static String script(Job job) {
        List<String> args = container(job).getArgs();
        assertEquals(1, args.size(), "one shell script");
        return args.get(0);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    private static String mountAt(Container container, String path) {
        return container.getVolumeMounts().stream().filter(v -> v.getMountPath().equals(path))
                .map(VolumeMount::getName).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
    }

    private static Volume volumeNamed(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static String mountOfClaim(Job job, String claim) {
        return mountOfClaim(job.getSpec().getTemplate().getSpec(), claim);
    }

    private static String mountOfClaim(Pod pod, String claim) {
        return mountOfClaim(pod.getSpec(), claim);
    }

    private static String mountOfClaim(PodSpec pod, String claim) {
        Volume volume = pod.getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName().equals(claim))
                .findFirst().orElseThrow(() -> new AssertionError("no volume of claim " + claim));
        assertEquals(1, pod.getContainers().size());
        return pod.getContainers().get(0).getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                .map(VolumeMount::getMountPath).findFirst()
                .orElseThrow(() -> new AssertionError("volume " + volume.getName() + " is not mounted"));
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in:\n" + text);
        return m.group(1);
    }

    private static String projectVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        return group(pom, "<artifactId>stampede</artifactId>\\s*<version>([^<]+)</version>");
    }

    /**
     * The model classes keep fields they do not know in {@code additionalProperties} instead of failing, so a
     * misspelt field (say {@code completionsMode}) would parse. Walk the whole object and require those maps empty.
     */
    private static void assertNoUnknownFields(Object object, String where) {
        if (object == null || !object.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, object);
            String path = where + "." + getter.getName().substring(3);
            if (getter.getName().equals("getAdditionalProperties")) {
                assertTrue(value == null || ((Map<?, ?>) value).isEmpty(), path + " has unknown fields " + value);
            } else if (value instanceof Collection<?> items) {
                items.forEach(item -> assertNoUnknownFields(item, path));
            } else if (value instanceof Map<?, ?> map) {
                map.values().forEach(item -> assertNoUnknownFields(item, path));
            } else {
                assertNoUnknownFields(value, path);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(getter.toString(), e);
        }
    }
}
