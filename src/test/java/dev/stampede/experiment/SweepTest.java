package dev.stampede.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepTest {

    private static List<String> texts(Sweep s) {
        return s.points().stream().map(Sweep.Point::text).toList();
    }

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> Sweep.parse(spec)).getMessage();
    }

    @Test
    void aRangeIncludesBothEnds() {
        Sweep s = Sweep.parse("load.clients=10..190:10");
        assertEquals("load.clients", s.key());
        assertEquals(19, s.points().size());
        assertEquals("10", s.points().get(0).text());
        assertEquals(190.0, s.points().get(18).x());
    }

    @Test
    void aRangeStopsAtTheLastStepNotAfterTo() {
        assertEquals(List.of("1", "4", "7"), texts(Sweep.parse("load.clients=1..9:3")));
    }

    @Test
    void decimalStepsAreExact() {
        assertEquals(List.of("0.1", "0.2", "0.3"), texts(Sweep.parse("server.phases[0].capacityFactor=0.1..0.3:0.1")));
    }

    @Test
    void aUnitWrittenOnAnyValueAppliesToAll() {
        assertEquals(List.of("100/s", "200/s", "300/s"), texts(Sweep.parse("load.rate=100/s..300/s:100/s")));
        assertEquals(List.of("5ms", "10ms", "15ms"), texts(Sweep.parse("retry.base=5..15ms:5")));
        assertEquals("/s", Sweep.parse("load.rate=100/s..300/s:100").unit());
    }

    @Test
    void aListKeepsItsOrder() {
        Sweep s = Sweep.parse("load.rate=400/s,100/s,200/s");
        assertEquals(List.of("400/s", "100/s", "200/s"), texts(s));
        assertEquals(100.0, s.points().get(1).x());
    }

    @Test
    void oneValueIsASweepOfOnePoint() {
        assertEquals(List.of("40"), texts(Sweep.parse("load.clients=40")));
    }

    @Test
    void mixedUnitsAreRefused() {
        assertTrue(error("retry.base=5ms,1s").contains("must share one unit (got ms and s)"));
    }

    @Test
    void aBadRangeSaysWhatIsWrong() {
        assertTrue(error("load.clients=10..1:1").contains("TO must be >= FROM"));
        assertTrue(error("load.clients=1..10:0").contains("STEP must be > 0"));
        assertTrue(error("load.clients=1..10").contains("needs a step"));
        assertTrue(error("load.clients=1..10/2").contains("needs a step"));
        assertTrue(error("load.clients=1..1000000:1").contains("more than 10000 points"));
        assertTrue(error("load.clients=a..b:1").contains("FROM is not a number"));
    }

    @Test
    void aSpecWithoutKeyOrValuesIsRefused() {
        assertTrue(error("10..20:5").contains("has no KEY="));
        assertTrue(error("load.clients=").contains("no values"));
        assertTrue(error("load.clients=1,1").contains("listed twice"));
        assertTrue(error("load..clients=1").contains("not a key path"));
    }

    @Test
    void aPointBecomesAnOverrideOfTheKey() {
        Sweep s = Sweep.parse("load.clients=10,20");
        var o = s.overrides(s.points().get(1)).get(0);
        assertEquals("load.clients", o.path());
        assertEquals("20", o.value());
        assertEquals("--sweep load.clients=20", o.origin());
    }
}
