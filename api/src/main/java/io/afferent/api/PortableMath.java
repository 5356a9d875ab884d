package io.afferent.api;

/**
 * Sine and cosine that give the same bits on every platform and allocate nothing, for stages whose outputs must
 * replay bit for bit on another machine ({@code afferent replay --verify} of an x86_64 recording on a Raspberry Pi).
 *
 * <p>Why not {@link Math}: the JIT compiles {@code Math.sin}/{@code Math.cos} to each CPU's own intrinsic, and
 * x86_64's and aarch64's differ in the last bit for some arguments (a replay on aarch64 of a recording made on x86_64
 * diverged in a pose's velocity by one ulp). {@link StrictMath} gives the same bits everywhere, but allocates a
 * two-element array per call for arguments beyond π/4 (32 bytes per sine/cosine pair, measured on JDK 25), which a
 * stage on the hot path cannot afford.
 *
 * <p>This class computes exactly what {@link StrictMath#sin} and {@link StrictMath#cos} compute (the same algorithm:
 * fdlibm 5.3's argument reduction by π/2 in three parts and its polynomial kernels on [-π/4, π/4], with only
 * {@code +}, {@code -}, {@code *}, which Java rounds the same way on every CPU), keeping the reduced argument in
 * locals instead of an array. The tests compare it with {@code StrictMath} bit for bit over millions of arguments.
 * For |x| beyond 2<sup>19</sup>·π/2 (about 823,550 rad) it calls {@code StrictMath} itself, which allocates: no angle
 * of a robot comes near that.
 *
 * <p>The algorithm and its constants are those of fdlibm: Copyright (C) 1993 by Sun Microsystems, Inc. All rights
 * reserved. Developed at SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute
 * this software is freely granted, provided that this notice is preserved.
 *
 * <p>Threads: any; no state.
 */
public final class PortableMath {
    private static final double INVPIO2 = 6.36619772367581382433e-01;
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_1T = 6.07710050650619224932e-11;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_2T = 2.02226624879595063154e-21;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    private static final double PIO2_3T = 8.47842766036889956997e-32;

    private static final double S1 = -1.66666666666666324348e-01;
    private static final double S2 = 8.33333333332248946124e-03;
    private static final double S3 = -1.98412698298579493134e-04;
    private static final double S4 = 2.75573137070700676789e-06;
    private static final double S5 = -2.50507602534068634195e-08;
    private static final double S6 = 1.58969099521155010221e-10;

    private static final double C1 = 4.16666666666666019037e-02;
    private static final double C2 = -1.38888888888741095749e-03;
    private static final double C3 = 2.48015872894767294178e-05;
    private static final double C4 = -2.75573143513906633035e-07;
    private static final double C5 = 2.08757232129817482790e-09;
    private static final double C6 = -1.13596475577881948265e-11;

    /** High words of n·π/2 for n = 1..32: an argument whose high word differs from these cannot cancel badly. */
    private static final int[] NPIO2_HW = {
            0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C,
            0x4025FDBB, 0x402921FB, 0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C,
            0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB, 0x403AB41B, 0x403C463A,
            0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
            0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB,
            0x404858EB, 0x404921FB,
    };

    private PortableMath() {
    }

    /** The sine of {@code x} (radians), bit for bit {@link StrictMath#sin}. */
    public static double sin(double x) {
        int ix = high(x) & 0x7fffffff;
        if (ix <= 0x3fe921fb) {
            return kernelSin(x, 0, false);
        }
        if (ix >= 0x7ff00000) {
            return x - x;
        }
        if (ix > 0x413921fb) {
            return StrictMath.sin(x);
        }
        return reduced(x, ix, 0);
    }

    /** The cosine of {@code x} (radians), bit for bit {@link StrictMath#cos}. */
    public static double cos(double x) {
        int ix = high(x) & 0x7fffffff;
        if (ix <= 0x3fe921fb) {
            return kernelCos(x, 0);
        }
        if (ix >= 0x7ff00000) {
            return x - x;
        }
        if (ix > 0x413921fb) {
            return StrictMath.cos(x);
        }
        return reduced(x, ix, 1); // cos(x) = sin(x + π/2): one quadrant on
    }

    /**
     * The sine of x + shift·π/2 for π/4 < |x| ≤ 2<sup>19</sup>·π/2: x − n·π/2 = y0 + y1 (y1 the tail), then the
     * kernel of quadrant n + shift. Reduction and evaluation in one method, so that nothing needs an object.
     */
    private static double reduced(double x, int ix, int shift) {
        int hx = high(x);
        if (ix < 0x4002d97c) { // |x| < 3π/4: n = ±1
            double z;
            double y0;
            double y1;
            if (hx > 0) {
                z = x - PIO2_1;
                if (ix != 0x3ff921fb) {
                    y0 = z - PIO2_1T;
                    y1 = (z - y0) - PIO2_1T;
                } else { // near π/2: 33 + 33 + 53 bits of π
                    z -= PIO2_2;
                    y0 = z - PIO2_2T;
                    y1 = (z - y0) - PIO2_2T;
                }
                return quadrant(1 + shift, y0, y1);
            }
            z = x + PIO2_1;
            if (ix != 0x3ff921fb) {
                y0 = z + PIO2_1T;
                y1 = (z - y0) + PIO2_1T;
            } else {
                z += PIO2_2;
                y0 = z + PIO2_2T;
                y1 = (z - y0) + PIO2_2T;
            }
            return quadrant(-1 + shift, y0, y1);
        }
        double t = Math.abs(x);
        int n = (int) (t * INVPIO2 + 0.5);
        double fn = n;
        double r = t - fn * PIO2_1;
        double w = fn * PIO2_1T; // first round: good to 85 bits
        double y0 = r - w;
        if (n >= 32 || ix == NPIO2_HW[n - 1]) { // possible cancellation: more bits of π/2 where needed
            int j = ix >> 20;
            int i = j - ((high(y0) >> 20) & 0x7ff);
            if (i > 16) { // second round: good to 118 bits
                t = r;
                w = fn * PIO2_2;
                r = t - w;
                w = fn * PIO2_2T - ((t - r) - w);
                y0 = r - w;
                i = j - ((high(y0) >> 20) & 0x7ff);
                if (i > 49) { // third round: 151 bits
                    t = r;
                    w = fn * PIO2_3;
                    r = t - w;
                    w = fn * PIO2_3T - ((t - r) - w);
                    y0 = r - w;
                }
            }
        }
        double y1 = (r - y0) - w;
        return hx < 0 ? quadrant(-n + shift, -y0, -y1) : quadrant(n + shift, y0, y1);
    }

    /** sin(y0 + y1 + q·π/2) for y0 + y1 in [-π/4, π/4]. */
    private static double quadrant(int q, double y0, double y1) {
        return switch (q & 3) {
            case 0 -> kernelSin(y0, y1, true);
            case 1 -> kernelCos(y0, y1);
            case 2 -> -kernelSin(y0, y1, true);
            default -> -kernelCos(y0, y1);
        };
    }

    /** sin on [-π/4, π/4]; {@code y} is the tail of {@code x} when {@code hasTail}. */
    private static double kernelSin(double x, double y, boolean hasTail) {
        int ix = high(x) & 0x7fffffff;
        if (ix < 0x3e400000) { // |x| < 2^-27
            return x;
        }
        double z = x * x;
        double v = z * x;
        double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        if (!hasTail) {
            return x + v * (S1 + z * r);
        }
        return x - ((z * (0.5 * y - v * r) - y) - v * S1);
    }

    /** cos on [-π/4, π/4]; {@code y} is the tail of {@code x}. */
    private static double kernelCos(double x, double y) {
        int ix = high(x) & 0x7fffffff;
        if (ix < 0x3e400000) { // |x| < 2^-27
            return 1.0;
        }
        double z = x * x;
        double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        if (ix < 0x3fd33333) { // |x| < 0.3
            return 1.0 - (0.5 * z - (z * r - x * y));
        }
        double qx = ix > 0x3fe90000 ? 0.28125 : Double.longBitsToDouble((long) (ix - 0x00200000) << 32);
        double hz = 0.5 * z - qx;
        double a = 1.0 - qx;
        return a - (hz - (z * r - x * y));
    }

    private static int high(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }
}
