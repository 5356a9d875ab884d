package io.afferent.runtime.report;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts stop-the-world collections and their pauses during a run (concurrent cycles of G1/ZGC are not
 * pauses and are left out). Thread-safe; notifications arrive on a JMX thread.
 */
public final class GcMonitor implements AutoCloseable {
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong pauseMicrosTotal = new AtomicLong();
    private final AtomicLong pauseMicrosMax = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final AtomicInteger ownCollections = new AtomicInteger();
    private final NotificationListener listener = (notification, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (!isPause(info.getGcName(), info.getGcAction())) {
            return;
        }
        if ("System.gc()".equals(info.getGcCause()) && ownCollections.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return;
        }
        long micros = info.getGcInfo().getDuration() * 1000;
        collections.incrementAndGet();
        pauseMicrosTotal.addAndGet(micros);
        pauseMicrosMax.accumulateAndGet(micros, Math::max);
    };

    public GcMonitor() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /**
     * Runs a full collection of the start-up garbage before the run's timeline starts. Not counted: it
     * is the runtime's own, outside the run (its notification arrives later, on another thread, and is
     * recognised by its cause).
     */
    public void collectStartupGarbage() {
        ownCollections.incrementAndGet();
        System.gc();
    }

    static boolean isPause(String gcName, String action) {
        return !gcName.contains("Concurrent") && !gcName.contains("Cycles") && !action.contains("concurrent");
    }

    public RunReport.GcReport report() {
        return new RunReport.GcReport(collections.get(), pauseMicrosTotal.get() / 1000.0, pauseMicrosMax.get() / 1000.0);
    }

    public long collections() {
        return collections.get();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (Exception ignored) {
                // already removed
            }
        }
    }
}
