package io.afferent.runtime.testing;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/** What stage {@code scale} makes of a {@link Battery} sample (and stage {@code filter} passes on). */
public final class Power {
    public static final MessageType<Power> TYPE = MessageType.of("power", Power.class);

    public long sampleIndex;
    @Unit("ns") public long sampledNanos;
    @Unit("W") public double watts;
    @Unit("mV") public final double[] cellMv = new double[4];
    @Unit("K") public double temperatureK;
}
