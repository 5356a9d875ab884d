package io.afferent.fusion;

/**
 * Appends a number with a fixed number of decimals to a {@link StringBuilder} without allocating (the live
 * status line is built once a second for as long as the run lasts; {@code String.format} allocates). Rounds
 * half away from zero. Stateless; any thread.
 */
final class Fixed {
    private static final long[] POW10 = {1, 10, 100, 1_000};

    private Fixed() {
    }

    /** {@code v} with {@code decimals} (0 to 3) digits after the point; NaN, infinities and huge values as Java prints them. */
    static StringBuilder append(StringBuilder sb, double v, int decimals) {
        if (!(Math.abs(v) < 9e14)) {
            return sb.append(v);
        }
        long pow = POW10[decimals];
        long scaled = Math.round(Math.abs(v) * pow);
        if (v < 0 && scaled != 0) {
            sb.append('-');
        }
        sb.append(scaled / pow);
        if (decimals > 0) {
            sb.append('.');
            long frac = scaled % pow;
            for (long p = pow / 10; p > 0; p /= 10) {
                sb.append((char) ('0' + frac / p % 10));
            }
        }
        return sb;
    }
}
