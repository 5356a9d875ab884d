package io.afferent.runtime.report;

/**
 * Appends numbers with a fixed number of decimals to a {@link StringBuilder} without allocating, for text
 * built while a run is live (the status line): {@code String.format} allocates a formatter and its parse of
 * the pattern on every call. Rounds half away from zero, as {@code %.Nf} does for these magnitudes.
 */
public final class Decimal {
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000};

    private Decimal() {
    }

    /** Appends {@code v} with {@code decimals} (0 to 4) digits after the point; NaN and infinities as words. */
    public static StringBuilder append(StringBuilder sb, double v, int decimals) {
        if (decimals < 0 || decimals >= POW10.length) {
            throw new IllegalArgumentException("decimals must be 0 to " + (POW10.length - 1) + ", not " + decimals);
        }
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) >= 9e14) {
            return sb.append(v);
        }
        long scaled = Math.round(Math.abs(v) * POW10[decimals]);
        if (v < 0 && scaled != 0) {
            sb.append('-');
        }
        sb.append(scaled / POW10[decimals]);
        if (decimals > 0) {
            sb.append('.');
            long frac = scaled % POW10[decimals];
            for (long p = POW10[decimals - 1]; p > 0; p /= 10) {
                sb.append((char) ('0' + frac / p % 10));
            }
        }
        return sb;
    }

    /** Appends {@code v} right-aligned in {@code width} characters, without decimals. */
    public static StringBuilder appendPadded(StringBuilder sb, long v, int width) {
        int digits = v < 0 ? 2 : 1;
        for (long a = Math.abs(v); a >= 10; a /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            sb.append(' ');
        }
        return sb.append(v);
    }
}
