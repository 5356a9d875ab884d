package io.afferent.runtime.calibrate;

import io.afferent.runtime.rt.ProcessRtOutcome;
import io.afferent.runtime.rt.ThreadState;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Calibration#run} measured. Histograms are in nanoseconds; immutable once returned.
 *
 * @param implementation {@code linux-ffm} or {@code portable}
 * @param memory         the outcome of {@code mlockall}, or {@code null} when not asked for
 * @param threads        one entry per measuring thread
 * @param total          all threads' lateness merged
 */
public record CalibrationResult(String implementation, ProcessRtOutcome memory, List<ThreadResult> threads,
                                Histogram total) {
    public CalibrationResult {
        threads = List.copyOf(threads);
    }

    /**
     * One measuring thread.
     *
     * @param inForce  scheduling read back after configuring the thread
     * @param warnings controls not applied
     * @param latency  lateness in nanoseconds
     * @param early    spurious wake-ups before the deadline (not in {@code latency})
     * @param cpuNs    CPU time the thread used while measuring
     * @param wallNs   wall time it measured for
     */
    public record ThreadResult(String name, ThreadState inForce, List<String> warnings, Histogram latency, long early,
                               long cpuNs, long wallNs) {
        public ThreadResult {
            warnings = List.copyOf(warnings);
        }

        public LatenessStats stats() {
            return LatenessStats.of(latency, early);
        }

        /** CPU used as a percentage of one core, or -1 if not measured. */
        public double cpuPercent() {
            return cpuNs < 0 || wallNs <= 0 ? -1 : 100.0 * cpuNs / wallNs;
        }
    }

    public LatenessStats stats() {
        return LatenessStats.of(total, threads.stream().mapToLong(ThreadResult::early).sum());
    }

    /** Every warning: memory locking first, then each thread's. */
    public List<String> warnings() {
        List<String> all = new ArrayList<>();
        if (memory != null) {
            all.addAll(memory.warnings());
        }
        threads.forEach(t -> all.addAll(t.warnings()));
        return all;
    }
}
