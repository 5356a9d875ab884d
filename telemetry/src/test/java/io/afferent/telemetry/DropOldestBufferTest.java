package io.afferent.telemetry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DropOldestBufferTest {
    @Test
    void keepsTheNewestAndCountsWhatItPushesOut() {
        List<Integer> dropped = new ArrayList<>();
        DropOldestBuffer<Integer> b = new DropOldestBuffer<>(3, dropped::add);
        for (int i = 0; i < 10; i++) b.offer(i);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), dropped);
        assertEquals(3, b.size());
        assertEquals(7, b.poll());
        b.requeue(7);
        assertEquals(7, b.poll());
        assertEquals(8, b.poll());
        assertEquals(9, b.poll());
        assertNull(b.poll());
    }

    @Test
    void manyProducersLoseNothingUncounted() throws Exception {
        AtomicLong dropped = new AtomicLong();
        DropOldestBuffer<Long> b = new DropOldestBuffer<>(64, x -> dropped.incrementAndGet());
        int producers = 4;
        int each = 50_000;
        AtomicLong consumed = new AtomicLong();
        Thread consumer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (b.poll() != null) consumed.incrementAndGet();
            }
        });
        consumer.start();
        List<Thread> ts = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                for (long i = 0; i < each; i++) b.offer(i);
            });
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) t.join();
        consumer.interrupt();
        consumer.join();
        long left = 0;
        while (b.poll() != null) left++;
        assertEquals((long) producers * each, consumed.get() + dropped.get() + left);
    }
}
