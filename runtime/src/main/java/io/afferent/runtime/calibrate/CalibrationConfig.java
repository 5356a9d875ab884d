package io.afferent.runtime.calibrate;

import io.afferent.runtime.rt.ThreadRtRequest;

/**
 * What {@link Calibration} measures. Build with {@link #builder()}.
 *
 * @param periodNs         wake-up period (1,000,000 for 1 kHz)
 * @param durationNs       measured time, after warm-up
 * @param threads          measuring threads (like cyclictest {@code -t})
 * @param request          scheduling for each measuring thread; with several CPUs, thread {@code i} is pinned to the
 *                         {@code i % n}-th CPU of the list, as cyclictest {@code -a} does
 * @param spinNs           spin before each deadline ({@link io.afferent.runtime.rt.DeadlineWaiter#sleepThenSpin})
 * @param jitWarmupWakeups short sleeps each thread makes before measuring, so that the JIT has compiled the loop
 * @param lockMemory       {@code mlockall} first (like cyclictest {@code -m})
 */
public record CalibrationConfig(long periodNs, long durationNs, int threads, ThreadRtRequest request, long spinNs,
                                int jitWarmupWakeups, boolean lockMemory) {
    public CalibrationConfig {
        if (periodNs <= 0 || durationNs <= 0 || threads <= 0 || spinNs < 0 || jitWarmupWakeups < 0) {
            throw new IllegalArgumentException("period, duration and threads must be > 0, spin and warm-up >= 0");
        }
        if (spinNs >= periodNs) {
            throw new IllegalArgumentException("spin (" + spinNs + " ns) must be shorter than the period ("
                    + periodNs + " ns)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public double rateHz() {
        return 1e9 / periodNs;
    }

    /** Defaults: 1 kHz, 10 s, 1 thread, SCHED_FIFO 80 with slack 1 ns, no spin, 20,000 warm-up wake-ups, mlockall. */
    public static final class Builder {
        private long periodNs = 1_000_000;
        private long durationNs = 10_000_000_000L;
        private int threads = 1;
        private ThreadRtRequest request = ThreadRtRequest.fifo(80).withTimerSlackNs(1);
        private long spinNs;
        private int jitWarmupWakeups = 20_000;
        private boolean lockMemory = true;

        public Builder periodNs(long v) {
            periodNs = v;
            return this;
        }

        public Builder rateHz(double hz) {
            if (!(hz > 0)) {
                throw new IllegalArgumentException("rate must be > 0 Hz, not " + hz);
            }
            periodNs = Math.round(1e9 / hz);
            return this;
        }

        public Builder durationNs(long v) {
            durationNs = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder request(ThreadRtRequest v) {
            request = v;
            return this;
        }

        public Builder spinNs(long v) {
            spinNs = v;
            return this;
        }

        public Builder jitWarmupWakeups(int v) {
            jitWarmupWakeups = v;
            return this;
        }

        public Builder lockMemory(boolean v) {
            lockMemory = v;
            return this;
        }

        public CalibrationConfig build() {
            return new CalibrationConfig(periodNs, durationNs, threads, request, spinNs, jitWarmupWakeups, lockMemory);
        }
    }
}
