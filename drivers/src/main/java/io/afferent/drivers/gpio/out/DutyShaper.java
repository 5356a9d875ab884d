package io.afferent.drivers.gpio.out;

/**
 * Turns a wheel speed command into a signed PWM duty (percent): {@code duty = 100·speed / max_speed}, clamped to
 * ±{@code max_duty}; a duty whose magnitude is below {@code deadband} becomes 0 (a motor that would only hum);
 * then the change from the last duty is limited to {@code max_duty_rate} percent per second of the run's clock
 * (0: unlimited). {@link #stop()} sets the duty to 0 at once, without the rate limit: stopping is never slewed.
 * Pi4J takes integer percents, so the result is rounded to whole percents last. No allocation; single thread.
 */
final class DutyShaper {
    private final double maxSpeedMps;
    private final double maxDuty;
    private final double deadband;
    private final double maxRatePerS;
    private final boolean invert;
    private double duty;
    private long lastNanos;
    private boolean hasLast;
    private boolean clamped;

    DutyShaper(double maxSpeedMps, double maxDuty, double deadband, double maxRatePerS, boolean invert) {
        this.maxSpeedMps = maxSpeedMps;
        this.maxDuty = maxDuty;
        this.deadband = deadband;
        this.maxRatePerS = maxRatePerS;
        this.invert = invert;
    }

    /** The duty for {@code speedMps} at {@code nowNanos}, in whole percents, signed (negative: reverse). */
    int shape(double speedMps, long nowNanos) {
        double target = 100 * speedMps / maxSpeedMps;
        clamped = Math.abs(target) > maxDuty;
        if (clamped) {
            target = Math.copySign(maxDuty, target);
        }
        if (Math.abs(target) < deadband) {
            target = 0;
        }
        if (maxRatePerS > 0 && hasLast) {
            double step = maxRatePerS * (nowNanos - lastNanos) * 1e-9;
            target = Math.max(duty - step, Math.min(duty + step, target));
        }
        duty = target;
        lastNanos = nowNanos;
        hasLast = true;
        long whole = Math.round(duty);
        return (int) (invert ? -whole : whole);
    }

    /** Whether the last {@link #shape} clamped the command to {@code max_duty}. */
    boolean clamped() {
        return clamped;
    }

    /** Duty 0 at once; the next command ramps from 0 at {@code nowNanos}. */
    void stop(long nowNanos) {
        duty = 0;
        lastNanos = nowNanos;
        hasLast = true;
    }
}
