package io.afferent.sim.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one sensor, fixed before the run (explicit windows plus seeded random ones), sorted by
 * start. Immutable and thread-safe; lookups are allocation-free.
 */
public final class FaultPlan {
    public static final FaultPlan NONE = new FaultPlan(List.of());

    private final FaultWindow[] windows;

    public FaultPlan(List<FaultWindow> windows) {
        List<FaultWindow> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingLong(FaultWindow::startNanos));
        this.windows = sorted.toArray(new FaultWindow[0]);
    }

    /**
     * Random windows of {@code type}: starts with exponentially distributed gaps of mean {@code meanGapNanos},
     * durations uniform in [{@code minDurNanos}, {@code maxDurNanos}], until {@code horizonNanos}.
     */
    public static List<FaultWindow> random(FaultType type, long seed, long firstNanos, long meanGapNanos,
                                           long minDurNanos, long maxDurNanos, long delayNanos, double rate,
                                           long horizonNanos) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<FaultWindow> out = new ArrayList<>();
        long t = firstNanos;
        while (true) {
            t += (long) (-Math.log(1 - rnd.nextDouble()) * meanGapNanos);
            if (t >= horizonNanos) {
                return out;
            }
            long d = minDurNanos + (long) (rnd.nextDouble() * (maxDurNanos - minDurNanos));
            out.add(new FaultWindow(type, t, t + d, delayNanos, rate));
            t += d;
        }
    }

    public int size() {
        return windows.length;
    }

    public FaultWindow get(int i) {
        return windows[i];
    }

    public boolean isEmpty() {
        return windows.length == 0;
    }

    /** Largest latency delay of any window (sizes the history a source keeps). */
    public long maxDelayNanos() {
        long m = 0;
        for (FaultWindow w : windows) {
            m = Math.max(m, w.delayNanos());
        }
        return m;
    }

    /** The first window of {@code type} covering {@code relNanos}, or -1. */
    public int active(FaultType type, long relNanos) {
        for (int i = 0; i < windows.length; i++) {
            FaultWindow w = windows[i];
            if (w.startNanos() > relNanos) {
                return -1;
            }
            if (w.type() == type && w.covers(relNanos)) {
                return i;
            }
        }
        return -1;
    }

    public List<FaultWindow> windows() {
        return List.of(windows);
    }
}
