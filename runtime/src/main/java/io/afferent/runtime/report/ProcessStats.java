package io.afferent.runtime.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process-wide resource figures: peak resident memory, peak heap use, CPU use over the run. */
public final class ProcessStats {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long startWallNanos;
    private final long startCpuNanos;
    private volatile long timelineWallNanos = -1;
    private volatile long timelineCpuNanos = -1;

    public ProcessStats() {
        this.startWallNanos = System.nanoTime();
        this.startCpuNanos = OS.getProcessCpuTime();
    }

    /** The timeline started: CPU from here on is the run's steady cost, without start-up and warm-up. */
    public void markTimeline() {
        timelineCpuNanos = OS.getProcessCpuTime();
        timelineWallNanos = System.nanoTime();
    }

    public RunReport.ProcessReport report() {
        long nowWall = System.nanoTime();
        long nowCpu = OS.getProcessCpuTime();
        return new RunReport.ProcessReport(rssPeakMb(), heapUsedPeakMb(), pct(nowCpu - startCpuNanos,
                nowWall - startWallNanos, startCpuNanos), timelineWallNanos < 0 ? -1
                : pct(nowCpu - timelineCpuNanos, nowWall - timelineWallNanos, timelineCpuNanos));
    }

    private static double pct(double cpu, double wall, long origin) {
        return wall > 0 && origin >= 0 ? Math.round(cpu / wall * 1000) / 10.0 : -1;
    }

    /** CPU time of the whole process since this object was made, in % of one core. */
    public double cpuPctSinceStart() {
        double wall = System.nanoTime() - startWallNanos;
        return wall > 0 ? (OS.getProcessCpuTime() - startCpuNanos) / wall * 100 : 0;
    }

    /** VmHWM from /proc/self/status (Linux); -1 elsewhere. */
    static double rssPeakMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kb / 102.4) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static double heapUsedPeakMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return Math.round(bytes / (1024 * 102.4)) / 10.0;
    }
}
