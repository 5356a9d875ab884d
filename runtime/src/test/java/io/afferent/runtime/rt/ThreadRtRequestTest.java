package io.afferent.runtime.rt;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadRtRequestTest {
    @Test
    void normalisesPolicyNames() {
        assertEquals("SCHED_FIFO", ThreadRtRequest.of("fifo", 80).policy());
        assertEquals("SCHED_RR", ThreadRtRequest.of("SCHED_RR", 10).policy());
        assertEquals("SCHED_OTHER", ThreadRtRequest.of("Other", -5).policy());
        assertEquals(-5, ThreadRtRequest.of("other", -5).nice());
        assertNull(ThreadRtRequest.unchanged().policy());
    }

    @Test
    void buildsWithCpusAndSlack() {
        ThreadRtRequest r = ThreadRtRequest.fifo(80).withCpus("0-1").withTimerSlackNs(1);
        assertEquals(List.of(0, 1), r.cpus());
        assertEquals(1, r.timerSlackNs());
        assertEquals("SCHED_FIFO 80, cpus 0-1, slack 1 ns", r.describe());
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> ThreadRtRequest.fifo(0));
        assertThrows(IllegalArgumentException.class, () -> ThreadRtRequest.fifo(100));
        assertThrows(IllegalArgumentException.class, () -> ThreadRtRequest.other(20));
        assertThrows(IllegalArgumentException.class, () -> ThreadRtRequest.of("deadline", 1));
        assertThrows(IllegalArgumentException.class, () -> ThreadRtRequest.other(0).withTimerSlackNs(-1));
        assertThrows(IllegalArgumentException.class, () -> new ThreadRtRequest("other", 5, 0, List.of(), 0));
    }

    @Test
    void portablePlatformWarnsForEveryRequestedControl() {
        RtOutcome outcome = RealtimePlatform.portable()
                .configureCurrentThread(ThreadRtRequest.fifo(80).withCpus("0").withTimerSlackNs(1));
        assertEquals(3, outcome.warnings().size());
        assertEquals("unknown", outcome.inForce().policy());
        assertEquals(List.of(), RealtimePlatform.portable().configureCurrentThread(ThreadRtRequest.unchanged())
                .warnings());
    }
}
