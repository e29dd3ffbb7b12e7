package dev.stampede.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stampede.metrics.ClientView;
import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.StartSchedule;
import dev.stampede.metrics.ServerView;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.DataFormatException;

/**
 * The {@code stampede.result/v1} JSON document (every field in docs/result-schema.md).
 *
 * <p>Non-finite numbers: NaN ("not measured" / "not applicable") is written as {@code null};
 * +Infinity (a recovery that never happened) as the string {@code "never"}; -Infinity as
 * {@code "-Infinity"}. {@link #read} maps them back, so a written comparison reads back equal.
 * Histograms are base64 of HdrHistogram's compressed encoding ({@code encodeIntoCompressedByteBuffer}).
 */
public final class ResultJson {

    /** The schema identifier this class writes and reads. */
    public static final String SCHEMA = "stampede.result/v1";
    static final String NEVER = "never";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ResultJson() {}

    /** Writes {@code comparison} to {@code file} atomically (temp file in the same directory, then a rename). */
    public static void write(Comparison comparison, Path file) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(toJson(comparison));
        AtomicFiles.write(file, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    /** The document as text, for {@code report --format json} to print. */
    public static String toText(Comparison comparison) {
        try {
            return MAPPER.writeValueAsString(toJson(comparison));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a tree of our own making", e);
        }
    }

    /**
     * Reads a document written by {@link #write}.
     *
     * @throws IOException when the file cannot be read, is not JSON, or is not a {@value #SCHEMA} document
     *                     (the message names the file and the offending field)
     */
    public static Comparison read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            return fromJson(root);
        } catch (BadField e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a document's text. @throws IOException as {@link #read} */
    public static Comparison parse(String json) throws IOException {
        try {
            return fromJson(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IOException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (BadField e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ writing

    static ObjectNode toJson(Comparison c) {
        ObjectNode root = F.objectNode();
        root.put("schema", SCHEMA);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "stampede");
        String version = ResultJson.class.getPackage().getImplementationVersion();
        tool.put("version", version == null ? "dev" : version);
        ObjectNode scenario = root.putObject("scenario");
        scenario.put("name", c.scenarioName());
        scenario.put("file", c.scenarioFile());
        scenario.put("sha256", c.scenarioSha256());
        root.put("mode", c.mode());
        root.put("target", c.target());
        root.put("seed", c.seed());
        root.put("startedAt", c.startedAt() == null ? null : c.startedAt().toString());
        root.put("partial", c.partial());
        if (c.schedule() != null) {
            // only aligned runs carry it, so a result without --start-at reads as before
            ObjectNode schedule = root.putObject("schedule");
            schedule.put("startAt", c.schedule().startAt().toString());
            schedule.set("slotSeconds", number(c.schedule().slot().toNanos() / 1e9));
        }
        ArrayNode runs = root.putArray("runs");
        for (RunResult r : c.runs()) runs.add(run(r));
        ArrayNode thresholds = root.putArray("thresholds");
        for (Comparison.ThresholdResult t : c.thresholds()) {
            ObjectNode o = thresholds.addObject();
            o.put("strategy", t.strategy());
            o.put("metric", t.metric());
            o.put("op", t.op());
            o.set("value", number(t.value()));
            o.set("actual", number(t.actual()));
            o.put("pass", t.pass());
        }
        return root;
    }

    private static ObjectNode run(RunResult r) {
        ObjectNode o = F.objectNode();
        o.put("strategy", r.strategy());
        o.put("closedLoop", r.closedLoop());
        o.put("partial", r.partial());
        o.set("durationSeconds", number(r.durationSeconds()));
        ObjectNode req = o.putObject("requests");
        req.put("started", r.requests().started());
        req.put("succeeded", r.requests().succeeded());
        req.put("failed", r.requests().failed());
        req.put("unfinished", r.requests().unfinished());
        req.put("interrupted", r.requests().interrupted());
        req.put("degraded", r.requests().degraded());
        ObjectNode failures = req.putObject("failures");
        r.requests().failures().forEach(failures::put);
        req.set("targetRate", number(r.requests().targetRate()));
        req.set("achievedRate", number(r.requests().achievedRate()));
        req.set("successRate", number(r.requests().successRate()));
        o.put("attempts", r.attempts());
        o.set("amplification", number(r.amplification()));
        o.set("peakAmplification", number(r.peakAmplification()));
        o.set("synchrony", number(r.synchrony()));
        ObjectNode statuses = o.putObject("statuses");
        r.statuses().forEach(statuses::put);
        ObjectNode latency = o.putObject("latencyMs");
        latency.set("request", latency(r.request()));
        latency.set("requestUncorrected", latency(r.requestUncorrected()));
        latency.set("attempt", latency(r.attempt()));
        o.set("recoverySeconds", number(r.recoverySeconds()));
        o.set("completionSeconds", number(r.completionSeconds()));
        o.set("goodputPerSecond", number(r.goodputPerSecond()));
        o.set("goodputAfterPerSecond", number(r.goodputAfterPerSecond()));
        if (!Double.isNaN(r.cost())) {
            o.set("cost", number(r.cost()));
            o.set("costPerSuccess", number(r.costPerSuccess()));
        }
        ArrayNode timeline = o.putArray("timeline");
        for (RunResult.Interval i : r.timeline()) {
            ObjectNode t = timeline.addObject();
            t.set("startSeconds", number(i.startSeconds()));
            t.put("arrivals", i.arrivals());
            t.put("attempts", i.attempts());
            t.put("ok", i.ok());
            t.put("overloaded", i.overloaded());
            t.put("errors", i.errors());
            t.put("inFlight", i.inFlight());
            t.put("backingOff", i.backingOff());
            t.put("succeeded", i.succeeded());
            t.put("refused", i.refused());
        }
        if (r.attemptsPer100ms() != null) {
            ArrayNode per100ms = o.putArray("attemptsPer100ms");
            for (long a : r.attemptsPer100ms()) per100ms.add(a);
        }
        o.set("server", r.server() == null ? F.nullNode() : server(r.server()));
        if (r.client() != null) o.set("client", client(r.client()));
        ArrayNode phases = o.putArray("phases");
        for (RunResult.Phase p : r.phases()) {
            ObjectNode ph = phases.addObject();
            ph.set("at", number(p.atSeconds()));
            ph.put("attempts", p.attempts());
            ph.set("overloadedPer1000", number(p.overloadedPer1000()));
            ph.set("fallbackShare", number(p.fallbackShare()));
            ph.set("gateRejectShare", number(p.gateRejectShare()));
            ph.put("userFailures", p.userFailures());
            ph.set("p50Ms", number(p.p50Ms()));
            ph.set("p95Ms", number(p.p95Ms()));
            ph.put("overloaded", p.overloaded());
            ph.put("answered2xx", p.answered2xx());
            ph.put("gateRejected", p.gateRejected());
            ph.put("succeeded", p.succeeded());
            ph.put("fallbackServed", p.fallbackServed());
            ph.put("switchedOnStreak", p.switchedOnStreak());
            ph.put("switchedOnRate", p.switchedOnRate());
            ph.put("failedForward", p.failedForward());
            ph.put("fallbackOnStatus", p.fallbackOnStatus());
            ph.put("fallbackOnError", p.fallbackOnError());
            ph.put("degraded", p.degraded());
            if (!Double.isNaN(p.cost())) {
                ph.set("cost", number(p.cost()));
                ph.set("costPerSuccess", number(p.costPerSuccess()));
            }
        }
        if (!r.templates().isEmpty()) templates(o.putArray("templates"), r.templates());
        ObjectNode h = o.putObject("histograms");
        RunResult.Histograms hs = r.histograms();
        if (hs != null) {
            h.put("request", encode(hs.request()));
            h.put("requestUncorrected", encode(hs.requestUncorrected()));
            h.put("attempt", encode(hs.attempt()));
            ArrayNode ri = h.putArray("requestIntervals");
            hs.requestIntervals().forEach(x -> ri.add(encode(x)));
            ArrayNode ai = h.putArray("attemptIntervals");
            hs.attemptIntervals().forEach(x -> ai.add(encode(x)));
        }
        return o;
    }

    private static ObjectNode latency(RunResult.Latency l) {
        ObjectNode o = F.objectNode();
        o.set("p50", number(l.p50()));
        o.set("p90", number(l.p90()));
        o.set("p99", number(l.p99()));
        o.set("p999", number(l.p999()));
        o.set("max", number(l.max()));
        o.set("mean", number(l.mean()));
        o.put("count", l.count());
        return o;
    }

    /** The client's own account (docs/metrics.md, "Generator lag and client-bound runs"). */
    private static ObjectNode client(ClientView c) {
        ObjectNode o = F.objectNode();
        o.put("clientBound", c.clientBound());
        o.put("connections", c.connections());
        o.set("lagP99Ms", number(c.lagP99Ms()));
        o.set("pacerLagMs", latency(c.pacerLag()));
        o.set("sendLagMs", latency(c.sendLag()));
        o.set("connectionWaitMs", latency(c.connectionWait()));
        o.put("connectionWaits", c.connectionWaits());
        o.put("noConnection", c.noConnection());
        o.set("serviceMeanMs", number(c.serviceMeanMs()));
        o.set("attemptMeanMs", number(c.attemptMeanMs()));
        o.set("clientOverheadMs", number(c.clientOverheadMs()));
        return o;
    }

    private static ClientView readClient(JsonNode o, String p) {
        return new ClientView((int) lng(o, "connections", p), readLatency(field(o, "pacerLagMs", p), p + ".pacerLagMs"),
                readLatency(field(o, "sendLagMs", p), p + ".sendLagMs"),
                readLatency(field(o, "connectionWaitMs", p), p + ".connectionWaitMs"), lng(o, "connectionWaits", p),
                lng(o, "noConnection", p), dbl(o, "serviceMeanMs", p), dbl(o, "attemptMeanMs", p),
                bool(o, "clientBound", p));
    }

    private static ObjectNode server(ServerView s) {
        ObjectNode o = F.objectNode();
        o.put("received", s.received());
        o.put("admitted", s.admitted());
        o.put("shed", s.shed());
        o.put("forced529", s.forced529());
        ObjectNode errors = o.putObject("errors");
        s.errors().forEach((status, n) -> errors.put(Integer.toString(status), n));
        o.put("resets", s.resets());
        o.put("hangs", s.hangs());
        o.put("queueTimeout", s.queueTimeouts());
        o.put("busySeconds", s.busySeconds());
        o.put("wastedSeconds", s.wastedSeconds());
        o.put("wastedShare", s.wastedShare());
        o.put("duplicates", s.duplicates());
        o.put("replayed", s.replayed());
        o.put("conflicts", s.conflicts());
        if (!s.degradedAnswers().isEmpty()) {
            ArrayNode degraded = o.putArray("degradedAnswers");
            for (ServerView.DegradedPhase d : s.degradedAnswers()) {
                ObjectNode row = degraded.addObject();
                if (d.route() == null) row.putNull("route");
                else row.put("route", d.route());
                row.put("phase", d.phase());
                row.set("at", number(d.atSeconds()));
                row.put("count", d.count());
            }
        }
        ArrayNode timeline = o.putArray("timeline");
        for (ServerView.Interval i : s.timeline()) {
            ObjectNode t = timeline.addObject();
            t.set("startSeconds", number(i.startSeconds()));
            t.put("received", i.received());
            t.put("admitted", i.admitted());
            t.put("shed", i.shed());
            t.put("forced529", i.forced529());
            t.put("errors", i.errors());
            t.put("inService", i.inService());
            t.put("queued", i.queued());
            t.set("utilisation", number(i.utilisation()));
            t.put("busySeconds", i.busySeconds());
            t.put("wastedSeconds", i.wastedSeconds());
            t.put("workerSeconds", i.workerSeconds());
            t.put("queueTimeout", i.queueTimeouts());
            t.put("duplicates", i.duplicates());
        }
        return o;
    }

    /** NaN → null, +Infinity → "never", -Infinity → "-Infinity", else the number. */
    static JsonNode number(double v) {
        if (Double.isNaN(v)) return F.nullNode();
        if (v == Double.POSITIVE_INFINITY) return F.textNode(NEVER);
        if (v == Double.NEGATIVE_INFINITY) return F.textNode("-Infinity");
        return F.numberNode(v);
    }

    static String encode(Histogram h) {
        if (h == null) return null;
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), length));
    }

    // ------------------------------------------------------------------ reading

    /** A field is missing or has the wrong type; the message names its path. */
    private static final class BadField extends RuntimeException {
        BadField(String message) { super(message); }
        BadField(String message, Throwable cause) { super(message, cause); }
    }

    static Comparison fromJson(JsonNode root) {
        String schema = root.path("schema").asText(null);
        if (!SCHEMA.equals(schema)) {
            throw new BadField("not a " + SCHEMA + " document (schema: " + (schema == null ? "missing" : "'" + schema + "'") + ")");
        }
        JsonNode scenario = field(root, "scenario", "scenario");
        String startedAt = text(root, "startedAt", "startedAt");
        Instant started;
        try {
            started = startedAt == null ? null : Instant.parse(startedAt);
        } catch (DateTimeParseException e) {
            throw new BadField("startedAt: expected an ISO-8601 instant, got '" + startedAt + "'", e);
        }
        List<RunResult> runs = list(field(root, "runs", "runs"), "runs", ResultJson::readRun);
        List<Comparison.ThresholdResult> thresholds = list(field(root, "thresholds", "thresholds"), "thresholds",
                (t, p) -> new Comparison.ThresholdResult(text(t, "strategy", p), text(t, "metric", p), text(t, "op", p),
                        dbl(t, "value", p), dbl(t, "actual", p), bool(t, "pass", p)));
        return new Comparison(text(scenario, "name", "scenario"), text(scenario, "file", "scenario"),
                text(scenario, "sha256", "scenario"), text(root, "mode", ""), text(root, "target", ""),
                lng(root, "seed", ""), started, runs, thresholds, bool(root, "partial", ""), schedule(root.get("schedule")));
    }

    /** The optional {@code schedule} of an aligned run; {@code null} when absent. */
    private static StartSchedule schedule(JsonNode o) {
        if (o == null || o.isNull()) return null;
        String at = text(o, "startAt", "schedule");
        double slotSeconds = dbl(o, "slotSeconds", "schedule");
        if (!(slotSeconds > 0)) throw new BadField("schedule.slotSeconds: expected a number > 0, got " + slotSeconds);
        try {
            return new StartSchedule(Instant.parse(at), Duration.ofNanos(Math.round(slotSeconds * 1e9)));
        } catch (DateTimeParseException e) {
            throw new BadField("schedule.startAt: expected an ISO-8601 instant, got '" + at + "'", e);
        }
    }

    private static RunResult readRun(JsonNode o, String path) {
        JsonNode req = field(o, "requests", path);
        String rp = path + ".requests";
        RunResult.Requests requests = new RunResult.Requests(lng(req, "started", rp), lng(req, "succeeded", rp),
                lng(req, "failed", rp), longMap(field(req, "failures", rp), rp + ".failures", Function.identity()),
                dbl(req, "targetRate", rp), dbl(req, "achievedRate", rp), (long) optional(req, "degraded"));
        JsonNode lat = field(o, "latencyMs", path);
        String lp = path + ".latencyMs";
        List<RunResult.Interval> timeline = list(field(o, "timeline", path), path + ".timeline",
                (t, p) -> new RunResult.Interval(dbl(t, "startSeconds", p), lng(t, "arrivals", p), lng(t, "attempts", p),
                        lng(t, "ok", p), lng(t, "overloaded", p), lng(t, "errors", p), lng(t, "inFlight", p),
                        lng(t, "backingOff", p), (long) optional(t, "succeeded"), (long) optional(t, "refused")));
        JsonNode server = o.get("server");
        JsonNode client = o.get("client");
        JsonNode phaseArray = o.get("phases");
        List<RunResult.Phase> phases = phaseArray == null || phaseArray.isNull() ? List.of()
                : list(phaseArray, path + ".phases", (t, p) -> new RunResult.Phase(dbl(t, "at", p), lng(t, "attempts", p),
                        lng(t, "overloaded", p), lng(t, "answered2xx", p), lng(t, "gateRejected", p), lng(t, "succeeded", p),
                        lng(t, "fallbackServed", p), lng(t, "userFailures", p), dbl(t, "p50Ms", p), dbl(t, "p95Ms", p),
                        (long) optional(t, "switchedOnStreak"), (long) optional(t, "switchedOnRate"), (long) optional(t, "failedForward"),
                        (long) optional(t, "fallbackOnStatus"), (long) optional(t, "fallbackOnError"), (long) optional(t, "degraded"),
                        t.has("cost") && t.get("cost").isNumber() ? t.get("cost").asDouble() : Double.NaN));
        return new RunResult(text(o, "strategy", path), bool(o, "closedLoop", path), bool(o, "partial", path),
                dbl(o, "durationSeconds", path), requests, lng(o, "attempts", path), dbl(o, "amplification", path),
                dbl(o, "peakAmplification", path), dbl(o, "synchrony", path),
                longMap(field(o, "statuses", path), path + ".statuses", Function.identity()),
                readLatency(field(lat, "request", lp), lp + ".request"),
                readLatency(field(lat, "requestUncorrected", lp), lp + ".requestUncorrected"),
                readLatency(field(lat, "attempt", lp), lp + ".attempt"),
                dbl(o, "recoverySeconds", path), dbl(o, "completionSeconds", path), timeline,
                server == null || server.isNull() ? null : readServer(server, path + ".server"),
                readHistograms(field(o, "histograms", path), path + ".histograms"), phases,
                attemptsPer100ms(o.get("attemptsPer100ms"), path + ".attemptsPer100ms"),
                dbl(o, "goodputAfterPerSecond", path),
                client == null || client.isNull() ? null : readClient(client, path + ".client"),
                readTemplates(o.get("templates"), path + ".templates"),
                o.has("cost") && o.get("cost").isNumber() ? o.get("cost").asDouble() : Double.NaN);
    }

    /** The per-template breakdown of a request mix: one object per template, labelled by its name. */
    private static void templates(ArrayNode out, List<RunResult.TemplateFigures> templates) {
        for (RunResult.TemplateFigures f : templates) {
            ObjectNode t = out.addObject();
            t.put("name", f.name());
            t.put("requests", f.requests());
            t.put("succeeded", f.succeeded());
            t.put("cutOff", f.cutOff());
            t.set("successRate", number(f.successRate()));
            t.put("attempts", f.attempts());
            t.set("amplification", number(f.amplification()));
            t.set("latencyMs", latency(f.latency()));
        }
    }

    /** The optional per-template breakdown: absent (an older file) or empty for a run of one template. */
    private static List<RunResult.TemplateFigures> readTemplates(JsonNode array, String path) {
        if (array == null || array.isNull()) return List.of();
        return list(array, path, (t, p) -> new RunResult.TemplateFigures(text(t, "name", p), lng(t, "requests", p),
                lng(t, "succeeded", p), lng(t, "cutOff", p), lng(t, "attempts", p),
                readLatency(field(t, "latencyMs", p), p + ".latencyMs")));
    }

    /** The optional 100 ms attempt series: absent or null when the timeline gives it (or in an older file). */
    private static long[] attemptsPer100ms(JsonNode a, String p) {
        if (a == null || a.isNull()) return null;
        if (!a.isArray()) throw new BadField(p + ": expected an array of counts");
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = a.get(i);
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                throw new BadField(p + "[" + i + "]: expected a count >= 0, got " + v);
            }
            out[i] = v.asLong();
        }
        return out;
    }

    private static RunResult.Latency readLatency(JsonNode o, String p) {
        return new RunResult.Latency(dbl(o, "p50", p), dbl(o, "p90", p), dbl(o, "p99", p), dbl(o, "p999", p),
                dbl(o, "max", p), dbl(o, "mean", p), lng(o, "count", p));
    }

    private static ServerView readServer(JsonNode o, String p) {
        Map<Integer, Long> errors = longMap(field(o, "errors", p), p + ".errors", k -> {
            try {
                return Integer.valueOf(k);
            } catch (NumberFormatException e) {
                throw new BadField(p + ".errors: expected status codes as keys, got '" + k + "'");
            }
        });
        List<ServerView.Interval> timeline = list(field(o, "timeline", p), p + ".timeline",
                (t, tp) -> new ServerView.Interval(dbl(t, "startSeconds", tp), lng(t, "received", tp),
                        lng(t, "admitted", tp), lng(t, "shed", tp), lng(t, "forced529", tp), lng(t, "errors", tp),
                        optional(t, "inService"), optional(t, "queued"), optional(t, "busySeconds"), optional(t, "wastedSeconds"),
                        optional(t, "workerSeconds"), (long) optional(t, "queueTimeout"), (long) optional(t, "duplicates")));
        // the load figures came with server.workers, the duplicate counts later (older files have none: zeros)
        return new ServerView(lng(o, "received", p), lng(o, "admitted", p), lng(o, "shed", p), lng(o, "forced529", p),
                errors, lng(o, "resets", p), lng(o, "hangs", p), timeline, (long) optional(o, "queueTimeout"),
                optional(o, "busySeconds"), optional(o, "wastedSeconds"), (long) optional(o, "duplicates"),
                (long) optional(o, "replayed"), (long) optional(o, "conflicts"))
                .withDegradedAnswers(o.has("degradedAnswers") ? list(o.get("degradedAnswers"), p + ".degradedAnswers",
                        (d, dp) -> new ServerView.DegradedPhase(d.hasNonNull("route") ? text(d, "route", dp) : null,
                                (int) lng(d, "phase", dp), dbl(d, "at", dp), lng(d, "count", dp))) : List.of());
    }

    /** A number that older result files lack: 0 when absent. */
    private static double optional(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v != null && v.isNumber() ? v.asDouble() : 0;
    }

    private static RunResult.Histograms readHistograms(JsonNode o, String p) {
        if (!o.has("request")) return null;
        List<Histogram> requestIntervals = intervals(o.get("requestIntervals"), p + ".requestIntervals");
        List<Histogram> attemptIntervals = intervals(o.get("attemptIntervals"), p + ".attemptIntervals");
        return new RunResult.Histograms(decode(o.get("request"), p + ".request", false),
                decode(o.get("requestUncorrected"), p + ".requestUncorrected", false),
                decode(o.get("attempt"), p + ".attempt", false), requestIntervals, attemptIntervals);
    }

    private static List<Histogram> intervals(JsonNode array, String p) {
        if (array == null || array.isNull()) return List.of();
        List<Histogram> out = new ArrayList<>();
        int s = 0;
        for (JsonNode n : array) {
            Histogram h = decode(n, p + "[" + s + "]", true);
            if (h != null) {
                h.setStartTimeStamp(s * 1000L);
                h.setEndTimeStamp((s + 1) * 1000L);
            }
            out.add(h);
            s++;
        }
        return Collections.unmodifiableList(out);
    }

    /** Decodes base64 of a compressed histogram; packed for interval histograms (mostly empty, many of them). */
    static Histogram decode(JsonNode n, String p, boolean packed) {
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw new BadField(p + ": expected base64 text");
        try {
            ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(n.asText()));
            return packed ? PackedHistogram.decodeFromCompressedByteBuffer(buf, 0)
                    : Histogram.decodeFromCompressedByteBuffer(buf, 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new BadField(p + ": not an HdrHistogram compressed encoding in base64 (" + e.getMessage() + ")", e);
        }
    }

    private static JsonNode field(JsonNode o, String name, String path) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) throw new BadField(join(path, name) + ": missing");
        return n;
    }

    private static String text(JsonNode o, String name, String path) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw new BadField(join(path, name) + ": expected text, got " + n);
        return n.asText();
    }

    private static long lng(JsonNode o, String name, String path) {
        JsonNode n = field(o, name, path);
        if (!n.canConvertToLong() || !n.isIntegralNumber()) throw new BadField(join(path, name) + ": expected an integer, got " + n);
        return n.asLong();
    }

    private static boolean bool(JsonNode o, String name, String path) {
        JsonNode n = field(o, name, path);
        if (!n.isBoolean()) throw new BadField(join(path, name) + ": expected true or false, got " + n);
        return n.asBoolean();
    }

    /** A number, or null (NaN), or "never"/"Infinity" (+Infinity), or "-Infinity"; a missing field reads as NaN. */
    static double dbl(JsonNode o, String name, String path) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) return Double.NaN;
        if (n.isNumber()) return n.asDouble();
        if (n.isTextual()) {
            switch (n.asText()) {
                case NEVER, "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                case "NaN": return Double.NaN;
                default: break;
            }
        }
        throw new BadField(join(path, name) + ": expected a number, null or \"never\", got " + n);
    }

    private static <K> Map<K, Long> longMap(JsonNode o, String path, Function<String, K> key) {
        if (!o.isObject()) throw new BadField(path + ": expected an object");
        Map<K, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (!e.getValue().isIntegralNumber()) throw new BadField(path + "." + e.getKey() + ": expected an integer");
            out.put(key.apply(e.getKey()), e.getValue().asLong());
        }
        return Collections.unmodifiableMap(out);
    }

    private interface Reader<T> { T read(JsonNode n, String path); }

    private static <T> List<T> list(JsonNode array, String path, Reader<T> reader) {
        if (!array.isArray()) throw new BadField(path + ": expected an array");
        List<T> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) out.add(reader.read(array.get(i), path + "[" + i + "]"));
        return Collections.unmodifiableList(out);
    }

    private static String join(String path, String name) { return path.isEmpty() ? name : path + "." + name; }
}
