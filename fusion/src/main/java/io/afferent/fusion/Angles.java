package io.afferent.fusion;

/** Angle arithmetic shared by the filter and the scoring. Stateless; any thread. */
public final class Angles {
    private Angles() {
    }

    /** {@code a} wrapped to (-π, π]. */
    public static double wrap(double a) {
        if (a > Math.PI || a <= -Math.PI) {
            a = Math.IEEEremainder(a, 2 * Math.PI);
            if (a <= -Math.PI) a += 2 * Math.PI;
        }
        return a;
    }
}
