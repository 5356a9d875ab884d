package io.afferent.sim.sensor;

/**
 * Counter-based random numbers: each value is a pure function of (seed, stream, index, channel), so a
 * sensor's noise at sample k is the same whether its samples are produced in real time, in virtual time,
 * or with gaps. SplitMix64 finalisers; allocation-free; thread-safe (stateless).
 */
public final class Noise {
    private Noise() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long hash(long seed, long stream, long index, int channel) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        h = mix(h ^ (stream * 0xD1B54A32D192ED03L));
        h = mix(h ^ (index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        return mix(h ^ ((long) channel * 0xAEF17502108EF2D9L + 0x1L));
    }

    /** Uniform in [0, 1). */
    public static double uniform(long seed, long stream, long index, int channel) {
        return (hash(seed, stream, index, channel) >>> 11) * 0x1.0p-53;
    }

    /** Standard normal (Box-Muller over two uniforms of channels 2c and 2c+1). */
    public static double gaussian(long seed, long stream, long index, int channel) {
        double u1 = 1.0 - uniform(seed, stream, index, 2 * channel);      // (0, 1]
        double u2 = uniform(seed, stream, index, 2 * channel + 1);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A stable stream id for a sensor name (String.hashCode is specified, so stable across runs). */
    public static long stream(String name) {
        return mix(name.hashCode() * 0x9E3779B97F4A7C15L + name.length());
    }
}
