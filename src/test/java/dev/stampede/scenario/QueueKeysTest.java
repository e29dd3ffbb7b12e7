package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.stampede.scenario.ScenarioLoaderTest.MINIMAL;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The server's waiting-room keys and {@code load.arrivals}: read as written, refused where they cannot act. */
class QueueKeysTest {

    private static List<String> messages(String yaml) {
        return problems(yaml).stream().map(Object::toString).toList();
    }

    @Test
    void everyWaitingRoomKeyReadsIntoTheServerAndItsRoutes() throws Exception {
        Scenario s = parse(MINIMAL + """
                server:
                  workers: 8
                  queue: 100
                  discipline: lifo
                  queueTimeout: 2s
                  contention: 1ms
                  cancelAbandoned: true
                  routes:
                    - { prefix: /b, workers: 2, contention: 3ms }
                """);
        assertEquals(new QueueSpec(8, 100, QueueSpec.Discipline.LIFO, Duration.ofSeconds(2), Duration.ofMillis(1), true), s.server().queueing());
        assertEquals(new QueueSpec(2, QueueSpec.UNBOUNDED, QueueSpec.Discipline.FIFO, null, Duration.ofMillis(3), false),
                s.server().routes().getFirst().queueing());
    }

    @Test
    void aServerWithoutTheKeysKeepsTheIdealModel() throws Exception {
        assertEquals(QueueSpec.NONE, parse(MINIMAL).server().queueing());
        assertEquals(LoadSpec.Arrivals.UNIFORM, ((LoadSpec.Open) parse(MINIMAL).load()).arrivals());
    }

    @Test
    void keysThatCannotActAreProblemsNamingWhereAndWhatIsExpected() {
        List<String> ps = messages(MINIMAL + """
                server:
                  concurrency: 10
                  workers: 4
                """);
        assertEquals(1, ps.size(), ps.toString());
        assertEquals(true, ps.getFirst().matches("s\\.yaml:5:3: server\\.workers: give either server\\.workers .* or server\\.concurrency .*, not both"),
                ps.getFirst());

        assertEquals(List.of("queue: needs server.workers (what the waiting requests wait for)"), tail(messages(MINIMAL + "server: { queue: 10 }\n")));
        assertEquals(List.of("discipline: lifo needs a queue (server.queue is 0: nothing waits)"),
                tail(messages(MINIMAL + "server: { workers: 2, queue: 0, discipline: lifo }\n")));
        assertEquals(List.of("queueTimeout: needs a queue (server.queue is 0: nothing waits)"),
                tail(messages(MINIMAL + "server: { workers: 2, queue: 0, queueTimeout: 1s }\n")));
        assertEquals(1, messages(MINIMAL + "server: { cancelAbandoned: true }\n").size(), "nothing to cancel");
        assertEquals(1, messages(MINIMAL + "server: { workers: -1 }\n").size());
        assertEquals(1, messages(MINIMAL + "server: { workers: 2, queue: -5 }\n").size());
        assertEquals(1, messages(MINIMAL + "server: { contention: -1ms }\n").size());
        assertEquals(1, messages(MINIMAL + "server: { workers: 2, discipline: random }\n").size());
        assertEquals(1, messages(MINIMAL + "server: { workers: 2, cancelAbandoned: maybe }\n").size());
        assertEquals(1, messages(MINIMAL + "server: { routes: [ { prefix: /a, queue: 3 } ] }\n").size(), "routes validate alike");
    }

    @Test
    void poissonArrivalsAreAnOpenModelKey() throws Exception {
        assertEquals(LoadSpec.Arrivals.POISSON, ((LoadSpec.Open) parse("name: t\nload: { rate: 10/s, arrivals: poisson }\n").load()).arrivals());
        assertEquals(1, messages("name: t\nload: { rate: 10/s, arrivals: bursty }\n").size());
        assertEquals(1, messages("name: t\nload: { model: closed, clients: 2, arrivals: poisson }\n").size(), "open model only");
    }

    /** The problems' text after {@code server.} (the file, line and column checked elsewhere). */
    private static List<String> tail(List<String> ps) {
        return ps.stream().map(p -> p.substring(p.indexOf("server.") + "server.".length())).toList();
    }
}
