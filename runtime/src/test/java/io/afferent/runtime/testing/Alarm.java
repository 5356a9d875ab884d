package io.afferent.runtime.testing;

import io.afferent.api.MessageType;
import io.afferent.api.Unit;

/** What stage {@code alarm} publishes for each filtered {@link Power} sample. */
public final class Alarm {
    public static final MessageType<Alarm> TYPE = MessageType.of("alarm", Alarm.class);

    public long sampleIndex;
    @Unit("ns") public long sampledNanos;
    public boolean overPower;
    @Unit("W") public double marginW;
    @Unit("mV") public double cellSpreadMv;
}
