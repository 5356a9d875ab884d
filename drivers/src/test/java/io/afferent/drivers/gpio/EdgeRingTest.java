package io.afferent.drivers.gpio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SPSC edge queue. The concurrent case is a stress test, not a proof: it checks order and
 * completeness across real threads (a jcstress harness is not set up in this build).
 */
class EdgeRingTest {
    @Test
    void fifoAndFull() {
        EdgeRing r = new EdgeRing(4);
        for (int i = 0; i < 4; i++) {
            assertTrue(r.offer(i, i % 2 == 1, 100 + i));
        }
        assertFalse(r.offer(4, false, 104));
        for (int i = 0; i < 4; i++) {
            assertEquals(i, r.peekSequence());
            assertEquals(i % 2 == 1, r.peekLevel());
            assertEquals(100 + i, r.peekNanos());
            r.remove();
        }
        assertTrue(r.isEmpty());
        assertTrue(r.offer(5, true, 105));
    }

    @Test
    void handsEveryEdgeOverInOrderAcrossThreads() throws InterruptedException {
        EdgeRing r = new EdgeRing(64);
        int n = 2_000_000;
        Thread producer = new Thread(() -> {
            for (long i = 0; i < n; ) {
                if (r.offer(i, (i & 1) == 1, i * 3)) {
                    i++;
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        long expected = 0;
        while (expected < n) {
            if (r.isEmpty()) {
                Thread.onSpinWait();
                continue;
            }
            assertEquals(expected, r.peekSequence());
            assertEquals((expected & 1) == 1, r.peekLevel());
            assertEquals(expected * 3, r.peekNanos());
            r.remove();
            expected++;
        }
        producer.join();
        assertTrue(r.isEmpty());
    }
}
