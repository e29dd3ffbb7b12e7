package dev.stampede.load;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Idempotency keys: one per logical request, repeatable for a seed, distinct between rows and requests. */
class IdempotencyKeysTest {

    @Test
    void theSameSeedRowAndRequestGiveTheSameKeyAndAnythingElseAnother() {
        IdempotencyKeys a = new IdempotencyKeys(42, "full");
        assertEquals(a.key(7), new IdempotencyKeys(42, "full").key(7));
        assertNotEquals(a.key(7), a.key(8));
        assertNotEquals(a.key(7), new IdempotencyKeys(42, "equal").key(7), "two rows never share a key");
        assertNotEquals(a.key(7), new IdempotencyKeys(43, "full").key(7));
    }

    @Test
    void keysAreVersionFourUuidsWithoutRepeatsOverManyRequests() {
        IdempotencyKeys keys = new IdempotencyKeys(1, "none");
        Set<String> seen = new HashSet<>();
        for (long id = 0; id < 100_000; id++) {
            String k = keys.key(id);
            UUID u = UUID.fromString(k);
            assertEquals(4, u.version(), k);
            assertEquals(2, u.variant(), k);
            assertEquals(k, u.toString());
            seen.add(k);
        }
        assertEquals(100_000, seen.size());
    }
}
