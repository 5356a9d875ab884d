package io.afferent.runtime.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GcMonitorTest {
    @Test
    void theStartupCollectionIsNotCountedButALaterOneIs() throws Exception {
        try (GcMonitor gc = new GcMonitor()) {
            gc.collectStartupGarbage();
            System.gc(); // as application code might, during a run: a pause that counts
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (gc.collections() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10); // notifications arrive on a JMX thread, after the collection
            }
            Thread.sleep(300);
            assertEquals(1, gc.collections(), "one collection counted: the application's, not the start-up one");
        }
    }
}
