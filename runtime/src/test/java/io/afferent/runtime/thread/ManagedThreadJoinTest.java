package io.afferent.runtime.thread;

import io.afferent.config.ThreadSettings;
import io.afferent.runtime.rt.ThreadState;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shutdown join is bounded by progress, not by a fixed time: a thread that is still draining (its
 * progress advances between two looks) is waited for however long it takes, up to the overall deadline.
 * The "progress" here is a counter that advances each time it is read, and the thread ends after a given
 * number of reads: a fixed bound of one quiet window would have given up on it.
 */
class ManagedThreadJoinTest {
    private static final long QUIET_MILLIS = 20;
    private static final long FAR_DEADLINE = 60_000_000_000L;

    private static ManagedThread blockedUntil(CountDownLatch release) {
        return new ManagedThread("stage-test", "stage test", ThreadSettings.DEFAULT, (n, s) -> ThreadState.unknown(),
                new RunControl(), new ErrorLog(), () -> release.await());
    }

    @Test
    void waitsForAThreadThatKeepsMakingProgressPastTheQuietWindow() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ManagedThread t = blockedUntil(release);
        t.start();
        int looksBeforeItEnds = 25;
        AtomicLong looks = new AtomicLong();
        boolean ended = t.joinWhileProgressing(QUIET_MILLIS, System.nanoTime() + FAR_DEADLINE, () -> {
            long n = looks.incrementAndGet();
            if (n == looksBeforeItEnds) {
                release.countDown();
            }
            return n;
        });
        assertTrue(ended, "a thread that is still progressing is waited for");
        assertFalse(t.alive());
        assertEquals(looksBeforeItEnds, looks.get(), "it waited through " + (looksBeforeItEnds - 1) + " quiet windows");
    }

    @Test
    void givesUpOnAThreadThatMakesNoProgress() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ManagedThread t = blockedUntil(release);
        t.start();
        try {
            AtomicLong looks = new AtomicLong();
            boolean ended = t.joinWhileProgressing(QUIET_MILLIS, System.nanoTime() + FAR_DEADLINE, () -> {
                looks.incrementAndGet();
                return 7;
            });
            assertFalse(ended, "a stuck thread is left running");
            assertTrue(t.alive());
            assertEquals(2, looks.get(), "one look before and one after a single quiet window");
        } finally {
            release.countDown();
            assertTrue(t.join(TimeUnit.SECONDS.toMillis(10)));
        }
    }

    @Test
    void givesUpAtTheDeadlineEvenWhileTheThreadProgresses() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ManagedThread t = blockedUntil(release);
        t.start();
        try {
            AtomicLong looks = new AtomicLong();
            boolean ended = t.joinWhileProgressing(QUIET_MILLIS, System.nanoTime() + 5 * QUIET_MILLIS * 1_000_000,
                    looks::incrementAndGet);
            assertFalse(ended, "the overall bound holds even for a thread that never stops progressing");
            assertTrue(t.alive());
        } finally {
            release.countDown();
            assertTrue(t.join(TimeUnit.SECONDS.toMillis(10)));
        }
    }

    @Test
    void aThreadThatHasEndedIsJoinedAtOnce() throws Exception {
        ManagedThread t = blockedUntil(new CountDownLatch(0));
        t.start();
        assertTrue(t.joinWhileProgressing(QUIET_MILLIS, System.nanoTime() + FAR_DEADLINE, () -> 0));
    }
}
