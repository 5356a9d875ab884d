package io.afferent.runtime.testing;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/** A user's message type as a plugin would define it: a battery monitor's sample, with a nested part and an array. */
public final class Battery {
    public static final MessageType<Battery> TYPE = MessageType.of("battery", Battery.class);

    /** The part of the pack the monitor reads its temperature from. */
    public static final class Health {
        @Unit("degC") public double temperatureC;
        public int cycles;
    }

    /** The sample's number since the source opened. */
    public long sampleIndex;
    /** The acquisition time, carried as payload so that a test can compare it with the envelope's origin. */
    @Unit("ns") public long sampledNanos;
    @Unit("V") public double voltageV;
    @Unit("A") public double currentA;
    @Unit("V") public final double[] cellV = new double[4];
    public final Health health = new Health();

    /** Fills a sample the way the test source does for sample {@code n}: values a later stage can recompute. */
    public static void fill(long n, long sampledNanos, Battery out) {
        out.sampleIndex = n;
        out.sampledNanos = sampledNanos;
        out.voltageV = 12.0 + (n % 100) * 0.01;
        out.currentA = 2.0 + (n % 10) * 0.1;
        for (int i = 0; i < out.cellV.length; i++) {
            out.cellV[i] = out.voltageV / 4 + i * 0.001;
        }
        out.health.temperatureC = 25 + n % 5;
        out.health.cycles = (int) (n / 1000);
    }
}
