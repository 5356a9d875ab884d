package io.afferent.runtime.thread;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunControlTest {
    @Test
    void threadsWaitingForTheTimelineGetItsStart() throws Exception {
        RunControl control = new RunControl();
        assertFalse(control.timelineStarted());
        assertThrows(IllegalStateException.class, control::startNanos);
        CompletableFuture<Long> seen = CompletableFuture.supplyAsync(() -> {
            try {
                return control.awaitTimeline() ? control.startNanos() : -1L;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        control.startTimeline(12_345L);
        assertEquals(12_345L, seen.get(10, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> control.startTimeline(1L), "the start is set once");
    }

    @Test
    void aStopBeforeTheStartReleasesTheWaitersWithoutATimeline() throws Exception {
        RunControl control = new RunControl();
        CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> {
            try {
                return control.awaitTimeline();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        control.fail("source gps could not be opened");
        assertFalse(started.get(10, TimeUnit.SECONDS));
        assertEquals(RunControl.EXIT_FAILURE, control.exitCode());
    }

    @Test
    void aControlBuiltWithAStartHasStarted() throws Exception {
        RunControl control = new RunControl(7L);
        assertTrue(control.timelineStarted());
        assertTrue(control.awaitTimeline());
        assertEquals(7L, control.startNanos());
    }
}
