package dev.stampede.load;

import dev.stampede.lifecycle.Horizon;
import dev.stampede.lifecycle.Lifecycle;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.PolicyDef;
import dev.stampede.scenario.RequestDraws;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.sim.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request mix with a data file read once, in both engines on injected time: the live engine's pacer on a virtual
 * clock with a recording exchange (every attempt answered 503), and the simulator against a server that answers 503
 * to everything. Both draw the same templates and rows, stop arriving when the rows are used up, retry each
 * template by its own policy, and break the figures down per template alike.
 */
class MixBothEnginesTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private static final String SCENARIO = """
            duration: 1s
            seed: 4
            data: { file: rows.jsonl, onEnd: stop }
            mix:
              - name: chat
                method: POST
                path: /v1/chat
                timeout: 3s
                headers: { x-request-id: "{{request.id}}", x-attempt: "{{attempt}}" }
                body: '{"p": {{data.p|json}}}'
              - { name: pay, method: POST, path: '/v1/pay/{{seq}}', timeout: 1s, body: '{{data.p}}', retry: { maxAttempts: 1 } }
            load: { rate: 20/s }
            server: { latency: 1ms, phases: [{ at: 0s, errors: { "503": 1.0 } }] }
            retry: { maxAttempts: 2, base: 10ms, cap: 10ms, retryOn: [503] }
            strategies: [full]
            """;

    private Scenario scenario() throws Exception {
        Files.writeString(dir.resolve("rows.jsonl"), """
                {"p": "one"}
                {"p": "two \\"quoted\\""}
                {"p": "three"}
                {"p": "four"}
                {"p": "five"}
                {"p": "six"}
                """, StandardCharsets.UTF_8);
        Path file = dir.resolve("mix.yaml");
        Files.writeString(file, SCENARIO, StandardCharsets.UTF_8);
        return ScenarioLoader.load(file, new HashSet<>(Strategies.names()), Map.of());
    }

    /** One attempt as the exchange saw it. */
    record Sent(int template, String url, String requestId, String attempt, String body, long timeoutNanos) {}

    /** Answers 503 to every attempt and remembers it. */
    static final class Recording implements Exchange {
        final List<Sent> sent = new ArrayList<>();

        @Override public AttemptOutcome send(long timeoutNanos) { throw new AssertionError("a mix renders every attempt"); }

        @Override public Answer send(RequestDraws.Rendered r, URI url, long timeoutNanos, boolean keepBody, long logicalId) {
            Map<String, String> h = new LinkedHashMap<>();
            r.headers().forEach(x -> h.put(x.name(), x.value()));
            sent.add(new Sent(r.template(), url.toString(), h.get("x-request-id"), h.get("x-attempt"),
                    new String(r.body(), StandardCharsets.UTF_8), timeoutNanos));
            return new Answer(AttemptOutcome.status(503), null);
        }
    }

    /** Runs tasks on the calling thread. */
    static final class Inline extends AbstractExecutorService {
        @Override public void execute(Runnable command) { command.run(); }
        @Override public void shutdown() {}
        @Override public List<Runnable> shutdownNow() { return List.of(); }
        @Override public boolean isShutdown() { return false; }
        @Override public boolean isTerminated() { return false; }
        @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    }

    private static RunResult live(Scenario s, Recording exchange) {
        PolicyDef row = s.policy("full");
        RunRecorder recorder = new RunRecorder(new RunRecorder.Config("full", SECOND, List.of(), false, 20));
        recorder.templates(s.mix().names());
        RunTiming timing = new RunTiming(new VirtualClock());
        Lifecycle lifecycle = new Lifecycle(Strategies.policy(row.strategy(), row.retry()), 0, recorder, new Horizon(),
                new AtomicLong());
        LogicalRequest request = new LogicalRequest(timing, exchange, lifecycle, SECOND, null, e -> { throw e; },
                new RequestDraws(s.mix(), s.seed()), Strategies.templatePolicies(row, s.mix()), URI.create("http://127.0.0.1:9"));
        new OpenLoad((LoadSpec.Open) s.load(), SECOND)
                .pace(new LoadDriver.Context(timing, request, recorder, new Inline(), LiveEngine.clientRandom(s.seed()), null));
        return recorder.finish(SECOND, null, false);
    }

    @Test
    void theLiveEngineRendersEachAttemptFromItsTemplateAndStopsWhenTheRowsAreUsedUp() throws Exception {
        Scenario s = scenario();
        Recording exchange = new Recording();
        RunResult r = live(s, exchange);

        assertEquals(6, r.requests().started(), "six rows read once: six requests, though 20/s for 1 s offers twenty");
        RequestDraws expected = new RequestDraws(s.mix(), s.seed());
        List<Integer> templates = new ArrayList<>();
        for (int i = 0; i < 6; i++) templates.add(expected.draw(i).template());
        assertTrue(templates.contains(0) && templates.contains(1), "both templates drawn with this seed: " + templates);

        List<Sent> chat = exchange.sent.stream().filter(x -> x.template() == 0).toList();
        List<Sent> pay = exchange.sent.stream().filter(x -> x.template() == 1).toList();
        long chats = templates.stream().filter(t -> t == 0).count();
        assertEquals(2 * chats, chat.size(), "chat is retried once (maxAttempts 2)");
        assertEquals(6 - chats, pay.size(), "pay is never retried (its own maxAttempts 1)");
        for (int i = 0; i < chat.size(); i += 2) {
            assertEquals(chat.get(i).requestId(), chat.get(i + 1).requestId(), "one id for both attempts of a request");
            assertEquals("1", chat.get(i).attempt());
            assertEquals("2", chat.get(i + 1).attempt());
            assertEquals("http://127.0.0.1:9/v1/chat", chat.get(i).url());
            assertEquals(3 * SECOND, chat.get(i).timeoutNanos(), "chat's own timeout");
        }
        assertTrue(chat.stream().map(Sent::body).anyMatch(b -> b.equals("{\"p\": \"two \\\"quoted\\\"\"}"))
                || pay.stream().map(Sent::body).anyMatch(b -> b.equals("two \"quoted\"")), "row two, escaped in JSON");
        assertTrue(pay.stream().allMatch(x -> x.timeoutNanos() == SECOND && x.url().matches("http://127\\.0\\.0\\.1:9/v1/pay/[1-6]")),
                pay.toString());
        List<String> bodies = exchange.sent.stream().filter(x -> x.attempt() == null || x.attempt().equals("1"))
                .map(Sent::body).toList();
        assertEquals(6, bodies.size());

        RunResult.TemplateFigures c = r.templates().get(0), p = r.templates().get(1);
        assertEquals(List.of("chat", "pay"), List.of(c.name(), p.name()));
        assertEquals(chats, c.requests());
        assertEquals(2 * chats, c.attempts());
        assertEquals(6 - chats, p.requests());
        assertEquals(6 - chats, p.attempts());
        assertEquals(0, c.succeeded() + p.succeeded(), "every attempt got a 503");
    }

    @Test
    void theSimulatorDrawsAndRetriesTheSameTemplatesAsTheLiveEngine() throws Exception {
        Scenario s = scenario();
        RunResult live = live(s, new Recording());
        Simulator.Outcome o = new Simulator(s).run(s.policy("full"), new RunRecorder(Simulator.recorderConfig(s, "full")),
                Simulator.Watch.NONE);
        RunResult sim = o.result();
        assertEquals(6, sim.requests().started());
        assertTrue(o.endNanos() < SECOND, "arrivals ended with the rows, before the 1 s duration: " + o.endNanos());
        assertEquals(2, sim.templates().size());
        for (int t = 0; t < 2; t++) {
            RunResult.TemplateFigures a = live.templates().get(t), b = sim.templates().get(t);
            assertEquals(a.name(), b.name());
            assertEquals(a.requests(), b.requests(), "template " + a.name() + ": requests");
            assertEquals(a.attempts(), b.attempts(), "template " + a.name() + ": attempts");
            assertEquals(a.succeeded(), b.succeeded(), "template " + a.name() + ": successes");
        }
        assertEquals(sim.attempts(), o.serverReceived(), "the server saw every rendered attempt");
    }

    @Test
    void closedModelClientsStopInBothEnginesWhenTheRowsAreUsedUp() throws Exception {
        Scenario s = scenario();
        s = s.withLoad(new LoadSpec.Closed(2, java.time.Duration.ofMillis(10)));
        PolicyDef row = s.policy("full");
        RunRecorder recorder = new RunRecorder(new RunRecorder.Config("full", SECOND, List.of(), true, 2));
        RunTiming timing = new RunTiming(new VirtualClock());
        Lifecycle lifecycle = new Lifecycle(Strategies.policy(row.strategy(), row.retry()), 0, recorder, new Horizon(),
                new AtomicLong());
        LogicalRequest request = new LogicalRequest(timing, new Recording(), lifecycle, SECOND, null, e -> { throw e; },
                new RequestDraws(s.mix(), s.seed()), Strategies.templatePolicies(row, s.mix()), URI.create("http://127.0.0.1:9"));
        new ClosedLoad((LoadSpec.Closed) s.load())
                .start(new LoadDriver.Context(timing, request, recorder, new Inline(), LiveEngine.clientRandom(s.seed()), null));
        assertEquals(6, recorder.finish(SECOND, null, false).requests().started(), "live: the two clients stop after six rows");

        RunResult sim = new Simulator(s).run(row, new RunRecorder(Simulator.recorderConfig(s, "full")), Simulator.Watch.NONE)
                .result();
        assertEquals(6, sim.requests().started(), "simulated: the same");
    }

    @Test
    void aHerdThatRunsOutOfRowsEndsWhenItsLastRequestEndsInBothEngines() throws Exception {
        Scenario s = scenario().withLoad(new LoadSpec.Herd(3, 5));
        PolicyDef row = s.policy("full");
        RunRecorder recorder = new RunRecorder(new RunRecorder.Config("full", SECOND, List.of(), true, 2));
        RunTiming timing = new RunTiming(new VirtualClock());
        Lifecycle lifecycle = new Lifecycle(Strategies.policy(row.strategy(), row.retry()), 0, recorder, new Horizon(),
                new AtomicLong());
        LogicalRequest request = new LogicalRequest(timing, new Recording(), lifecycle, SECOND, null, e -> { throw e; },
                new RequestDraws(s.mix(), s.seed()), Strategies.templatePolicies(row, s.mix()), URI.create("http://127.0.0.1:9"));
        HerdLoad herd = new HerdLoad((LoadSpec.Herd) s.load());
        herd.start(new LoadDriver.Context(timing, request, recorder, new Inline(), LiveEngine.clientRandom(s.seed()), null));
        assertTrue(herd.done(), "every herd client stopped");
        assertEquals(6, recorder.finish(SECOND, null, false).requests().started(), "live: 6 rows of the 15 requests");

        Simulator.Outcome o = new Simulator(s).run(row, new RunRecorder(Simulator.recorderConfig(s, "full")), Simulator.Watch.NONE);
        assertEquals(6, o.result().requests().started(), "simulated: the same");
        assertTrue(o.result().durationSeconds() < 0.5, "the herd's length is its last request's end, not the 1 s deadline: "
                + o.result().durationSeconds());
    }
}
