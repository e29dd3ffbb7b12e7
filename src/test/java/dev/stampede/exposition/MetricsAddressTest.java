package dev.stampede.exposition;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsAddressTest {

    @Test
    void aBarePortBindsLoopbackAndCountsAsNotAskedFor() {
        for (String text : new String[] {"9464", ":9464", " 9464 "}) {
            MetricsAddress a = MetricsAddress.parse(text);
            assertEquals(9464, a.port(), text);
            assertTrue(a.loopback(), text);
            assertFalse(a.explicitHost(), text);
        }
    }

    @Test
    void aNamedHostIsExplicitAndOnlyLoopbackNamesCountAsLoopback() throws Exception {
        MetricsAddress local = MetricsAddress.parse("127.0.0.1:0");
        assertTrue(local.loopback());
        assertTrue(local.explicitHost());
        assertEquals(0, local.port());
        MetricsAddress v6 = MetricsAddress.parse("[::1]:9464");
        assertTrue(v6.loopback());
        assertEquals(InetAddress.getByName("::1"), v6.host());
        MetricsAddress any = MetricsAddress.parse("0.0.0.0:9464");
        assertFalse(any.loopback(), "the wildcard address is reachable from other hosts");
        assertTrue(any.explicitHost());
    }

    @Test
    void unparsableAddressesAreRefusedWithTheExpectedForms() {
        for (String text : new String[] {"", "abc", "9464x", "127.0.0.1:", "1:2:3", "127.0.0.1:99999", "70000", "-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse(text), text);
            assertTrue(e.getMessage().contains("expected") || e.getMessage().contains("0..65535"), text + ": " + e.getMessage());
        }
    }

    @Test
    void aHostThatDoesNotResolveIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricsAddress.parse("no-such-host.invalid:9464"));
        assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }
}
