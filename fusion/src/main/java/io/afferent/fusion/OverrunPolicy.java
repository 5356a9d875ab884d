package io.afferent.fusion;

/**
 * What {@link FusionProcessor} does while it runs over its deadline budget. It enters the over-budget
 * state when one call of {@code onSample} takes longer than the budget, and leaves it after
 * {@link FusionParams#recoverCalls()} consecutive calls within budget.
 */
public enum OverrunPolicy {
    /**
     * Drop optional work outright: IMU samples are not fused at all (AHRS and gyro update skipped,
     * counted) and late measurements that would need a rewind are dropped (counted), never applied as
     * if they were on time. Wheels and on-time GPS are still fused.
     */
    SKIP,
    /**
     * Do less work per IMU sample: the AHRS and the gyro update run on every Nth IMU sample only, with
     * the gyro averaged over the N samples (no rate information lost, just coarser time steps), and
     * the magnetometer is not used. Late measurements are still re-propagated.
     */
    DEGRADE,
    /** Do all the work; only count and flag the overrun (the reporter prints the breakdown). */
    ALARM
}
