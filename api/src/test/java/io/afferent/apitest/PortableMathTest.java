package io.afferent.apitest;

import io.afferent.api.PortableMath;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link PortableMath} is bit for bit {@link StrictMath} (the platform-independent reference), and allocates nothing. */
class PortableMathTest {
    private static void same(double x) {
        check("sin", x, PortableMath::sin, StrictMath::sin);
        check("cos", x, PortableMath::cos, StrictMath::cos);
    }

    private static void check(String f, double x, DoubleUnaryOperator ours, DoubleUnaryOperator ref) {
        long a = Double.doubleToRawLongBits(ours.applyAsDouble(x));
        long b = Double.doubleToRawLongBits(ref.applyAsDouble(x));
        if (a != b && !(Double.isNaN(Double.longBitsToDouble(a)) && Double.isNaN(Double.longBitsToDouble(b)))) {
            fail(f + "(" + x + " = 0x" + Long.toHexString(Double.doubleToRawLongBits(x)) + "): "
                    + Double.longBitsToDouble(a) + " vs StrictMath " + Double.longBitsToDouble(b));
        }
    }

    @Test
    void equalsStrictMathOnRobotAnglesAndBeyond() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 2_000_000; i++) {
            same(rnd.nextDouble(-4 * Math.PI, 4 * Math.PI));
        }
        for (int i = 0; i < 500_000; i++) {
            same(rnd.nextDouble(-1e5, 1e5));
            same(rnd.nextDouble(-900_000, 900_000)); // across the 2^19·π/2 bound
            same(Math.scalb(rnd.nextDouble(1, 2), -rnd.nextInt(0, 60)) * (rnd.nextBoolean() ? 1 : -1));
        }
    }

    @Test
    void equalsStrictMathNearMultiplesOfHalfPiWhereReductionCancels() {
        for (int k = -200_000; k <= 200_000; k++) {
            double x = k * (Math.PI / 2);
            double up = x;
            double down = x;
            for (int u = 0; u < 4; u++) {
                same(up);
                same(down);
                up = Math.nextUp(up);
                down = Math.nextDown(down);
            }
        }
    }

    @Test
    void specialValues() {
        double[] xs = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 0x1p-27, 0x1p-28, 0.3,
                Math.PI / 4, Math.nextUp(Math.PI / 4), 3 * Math.PI / 4, 5 * Math.PI / 4, Math.PI, -Math.PI,
                2 * Math.PI, 1e6, 1e300, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        for (double x : xs) {
            same(x);
            same(-x);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(PortableMath.sin(-0.0)));
    }

    @Test
    void allocatesNothing() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int round = 0; round < 3; round++) { // warm-up: interpreted, then compiled
            for (int i = 0; i < 200_000; i++) {
                sink += PortableMath.sin(i * 1e-4) + PortableMath.cos(i * 1e-4);
            }
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            sink += PortableMath.sin(i * 1e-4) + PortableMath.cos(i * 1e-4);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated by 2,000,000 calls (sink " + sink + ")");
    }
}
