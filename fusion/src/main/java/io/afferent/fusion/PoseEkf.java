package io.afferent.fusion;

import io.afferent.api.PortableMath;

/**
 * Planar extended Kalman filter over {@code [x, y, heading, speed, turnRate, gyroBias, gyroScale,
 * wheelTurnPerMetre]}: x east, y north in metres; heading counter-clockwise from east; speed along the
 * heading; turn rate counter-clockwise. Constant speed and turn rate between measurements; every
 * measurement is fused as a sequence of scalar updates with a sparse row (at most three entries), so the
 * whole filter is plain arithmetic on two arrays: no matrices, no allocation.
 *
 * <p>Three states model the sensors' own errors, so that when the gyro and the wheels disagree about the
 * turn rate each error goes where it belongs:
 * <ul>
 *   <li>{@link #B} gyro bias (rad/s), a random walk;</li>
 *   <li>{@link #G} gyro scale-factor error (a fraction), a random constant: gyro yaw rate =
 *       (1 + G)·turnRate + B;</li>
 *   <li>{@link #D} the turn the wheel odometry sees per metre driven straight (rad/m), a random
 *       constant: a right wheel whose effective radius is larger than the left's by a fraction ε makes
 *       the odometry turn by ε/b per metre (b the wheel base), so odometry turn rate = turnRate +
 *       D·speed.</li>
 * </ul>
 * Without G and D, both errors land in B: the gyro's scale error shows in every turn and the wheels'
 * mismatch at every speed, so the bias estimate wanders with how the robot drives, and the heading
 * with it. B is pinned down at every stop (zero-rate updates), G in turns, D at speed, and the heading
 * itself by the GPS course over ground; the odometry's turn-rate scale (wheel base) is taken as exact.
 *
 * <p>Single thread: the stage thread.
 */
final class PoseEkf {
    static final int X = 0, Y = 1, TH = 2, V = 3, W = 4, B = 5, G = 6, D = 7, N = 8;
    static final int STATE_DOUBLES = N + N * N;

    final double[] s = new double[N];
    final double[] p = new double[N * N];
    /** Time of validity of {@link #s}, clock nanos. */
    long timeNanos;
    boolean started;

    /** Process noise spectral densities (variance per second). */
    private final double qV;
    private final double qW;
    private final double qB;
    private static final double Q_XY = 1e-4;
    private static final double Q_TH = 1e-7;
    /**
     * G and D are constants, but a little process noise (1e-5 per √s: 0.0006 after an hour) keeps their
     * variance from collapsing, so that a slow change (temperature, tyre wear) is still followed.
     */
    private static final double Q_SCALE = 1e-10;
    /** Prior standard deviations of G and D. */
    private final double gyroScaleSigma;
    private final double wheelTurnPerMetreSigma;

    private final double[] a = new double[N * N];
    private final double[] ph = new double[N];
    /** The measurement row being fused: {@code rowValue[e]} at state {@code rowIndex[e]}, e < {@link #rowLength}. */
    private final int[] rowIndex = new int[3];
    private final double[] rowValue = new double[3];
    private int rowLength;

    PoseEkf(FusionParams f) {
        qV = f.accelProcessMps2 * f.accelProcessMps2;
        qW = f.turnAccelProcessRadPerS2 * f.turnAccelProcessRadPerS2;
        qB = f.gyroBiasWalkRadPerSPerSqrtS * f.gyroBiasWalkRadPerSPerSqrtS;
        gyroScaleSigma = f.gyroScaleSigma;
        // each wheel's radius off by σ, independently: their difference by √2·σ
        wheelTurnPerMetreSigma = Math.sqrt(2) * f.wheelRadiusSigma / f.wheelBaseM;
    }

    void reset(double headingRad, double headingSigmaRad, double biasSigmaRad, long tNanos) {
        java.util.Arrays.fill(s, 0);
        java.util.Arrays.fill(p, 0);
        s[TH] = headingRad;
        p[X * N + X] = p[Y * N + Y] = 1e4; // position unknown (100 m) until the first GPS fix
        p[TH * N + TH] = headingSigmaRad * headingSigmaRad;
        p[V * N + V] = 1;
        p[W * N + W] = 0.1;
        p[B * N + B] = biasSigmaRad * biasSigmaRad;
        p[G * N + G] = gyroScaleSigma * gyroScaleSigma;
        p[D * N + D] = wheelTurnPerMetreSigma * wheelTurnPerMetreSigma;
        timeNanos = tNanos;
        started = true;
    }

    /** Propagates state and covariance to {@code tNanos} (no-op when not later). */
    void predictTo(long tNanos) {
        long dtNanos = tNanos - timeNanos;
        if (dtNanos <= 0) {
            return;
        }
        timeNanos = tNanos;
        double dt = dtNanos * 1e-9;
        double v = s[V];
        double w = s[W];
        double thMid = s[TH] + 0.5 * w * dt;
        double c = PortableMath.cos(thMid);
        double sn = PortableMath.sin(thMid);
        s[X] += v * c * dt;
        s[Y] += v * sn * dt;
        s[TH] = wrap(s[TH] + w * dt);

        // F is the identity but for rows x, y (on heading and speed) and heading (on turn rate).
        double a02 = -v * sn * dt, a03 = c * dt, a12 = v * c * dt, a13 = sn * dt;
        double[] p = this.p;
        double[] a = this.a;
        // a = F p (row operations)
        System.arraycopy(p, 0, a, 0, N * N);
        for (int j = 0; j < N; j++) {
            double p2 = p[2 * N + j], p3 = p[3 * N + j], p4 = p[4 * N + j];
            a[j] = p[j] + a02 * p2 + a03 * p3;
            a[N + j] = p[N + j] + a12 * p2 + a13 * p3;
            a[2 * N + j] = p2 + dt * p4;
        }
        // p = a F' (column operations)
        System.arraycopy(a, 0, p, 0, N * N);
        for (int i = 0; i < N; i++) {
            int r = i * N;
            double a2 = a[r + 2], a3 = a[r + 3], a4 = a[r + 4];
            p[r] = a[r] + a02 * a2 + a03 * a3;
            p[r + 1] = a[r + 1] + a12 * a2 + a13 * a3;
            p[r + 2] = a2 + dt * a4;
        }
        p[X * N + X] += Q_XY * dt;
        p[Y * N + Y] += Q_XY * dt;
        p[TH * N + TH] += Q_TH * dt;
        p[V * N + V] += qV * dt;
        p[W * N + W] += qW * dt;
        p[B * N + B] += qB * dt;
        p[G * N + G] += Q_SCALE * dt;
        p[D * N + D] += Q_SCALE * dt;
    }

    /**
     * A direct measurement {@code z} of state {@code i} with variance {@code r} (heading innovations
     * wrapped).
     * @return the normalised innovation squared
     */
    double update(int i, double z, double r) {
        return updateGated(i, z, r, Double.POSITIVE_INFINITY);
    }

    /**
     * The gyro's yaw rate, {@code (1 + G)·W + B}.
     * @return the normalised innovation squared
     */
    double updateGyro(double z, double r) {
        double scale = 1 + s[G];
        row(W, scale);
        rowAlso(B, 1);
        rowAlso(G, s[W]);
        return correct(z - (scale * s[W] + s[B]), innovationVariance(r));
    }

    /**
     * The wheel odometry's turn rate, {@code W + D·V}.
     * @return the normalised innovation squared
     */
    double updateOdometryTurnRate(double z, double r) {
        row(W, 1);
        rowAlso(D, s[V]);
        rowAlso(V, s[D]);
        return correct(z - (s[W] + s[D] * s[V]), innovationVariance(r));
    }

    /**
     * {@link #update(int, double, double)}, applied only if the normalised innovation squared is within
     * {@code gateChi2}.
     * @return the normalised innovation squared (the update was skipped when it exceeds the gate)
     */
    double updateGated(int i, double z, double r, double gateChi2) {
        row(i, 1);
        double sVar = innovationVariance(r);
        double innov = i == TH ? wrap(z - s[TH]) : z - s[i];
        double nis = innov * innov / sVar;
        if (nis <= gateChi2) {
            correct(innov, sVar);
        }
        return nis;
    }

    private void row(int i, double h) {
        rowIndex[0] = i;
        rowValue[0] = h;
        rowLength = 1;
    }

    private void rowAlso(int i, double h) {
        rowIndex[rowLength] = i;
        rowValue[rowLength] = h;
        rowLength++;
    }

    /** Fills {@link #ph} with P·h' for the current row h; returns h·P·h' + r. */
    private double innovationVariance(double r) {
        double[] p = this.p;
        double[] ph = this.ph;
        int n = rowLength;
        for (int k = 0; k < N; k++) {
            int row = k * N;
            double v = 0;
            for (int e = 0; e < n; e++) {
                v += rowValue[e] * p[row + rowIndex[e]];
            }
            ph[k] = v;
        }
        double hph = 0;
        for (int e = 0; e < n; e++) {
            hph += rowValue[e] * ph[rowIndex[e]];
        }
        return hph + r;
    }

    /** Applies the update prepared by {@link #innovationVariance}; returns the normalised innovation squared. */
    private double correct(double innov, double sVar) {
        double[] p = this.p;
        double[] ph = this.ph;
        double inv = 1.0 / sVar;
        for (int k = 0; k < N; k++) {
            s[k] += ph[k] * inv * innov;
        }
        s[TH] = wrap(s[TH]);
        for (int k = 0; k < N; k++) {
            double kk = ph[k] * inv;
            int row = k * N;
            for (int l = 0; l < N; l++) {
                p[row + l] -= kk * ph[l];
            }
        }
        return innov * innov * inv;
    }

    /** Squared Mahalanobis distance of a position measurement, for gating. */
    double positionNis(double east, double north, double r) {
        double s00 = p[0] + r, s01 = p[1], s11 = p[N + 1] + r;
        double det = s00 * s11 - s01 * s01;
        double dx = east - s[X], dy = north - s[Y];
        return (dx * dx * s11 - 2 * dx * dy * s01 + dy * dy * s00) / det;
    }

    /** Forgets what is known about state {@code i}: no correlation with the others, variance {@code variance}. */
    void forget(int i, double variance) {
        for (int k = 0; k < N; k++) {
            p[i * N + k] = p[k * N + i] = 0;
        }
        p[i * N + i] = variance;
    }

    void copyTo(double[] dst, int off) {
        System.arraycopy(s, 0, dst, off, N);
        System.arraycopy(p, 0, dst, off + N, N * N);
    }

    void copyFrom(double[] src, int off, long tNanos) {
        System.arraycopy(src, off, s, 0, N);
        System.arraycopy(src, off + N, p, 0, N * N);
        timeNanos = tNanos;
    }

    static double wrap(double a) {
        return Angles.wrap(a);
    }
}
