package io.afferent.runtime.rt;

import java.util.concurrent.locks.LockSupport;

/** The fallback on platforms without Linux real-time calls: plain Java, nothing reported. */
final class PortablePlatform implements RealtimePlatform {
    static final PortablePlatform INSTANCE = new PortablePlatform();

    private PortablePlatform() {
    }

    @Override
    public String implementation() {
        return "portable";
    }

    @Override
    public ThreadState currentThread() {
        return ThreadState.unknown();
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
