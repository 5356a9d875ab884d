package io.afferent.sim.sensor;

import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.sim.protocol.Nmea0183;

/** The simulated GPS as a sensor: one GGA-equivalent fix per epoch, filled as the NMEA parser would. */
public final class GpsSensor implements SimSensor {
    private final GpsModel model;
    private final GpsEpoch epoch = new GpsEpoch();

    public GpsSensor(GpsModel model) {
        this.model = model;
    }

    public GpsModel model() {
        return model;
    }

    /** The epoch behind the last produced sample (for the NMEA writer of {@code sim serve}). */
    public GpsEpoch lastEpoch() {
        return epoch;
    }

    @Override
    public SampleKind kind() {
        return SampleKind.GPS;
    }

    @Override
    public void produce(long index, long timeNanos, Sample out) {
        model.epoch(index, timeNanos, epoch);
        Nmea0183.fillAsGga(epoch, out.gps);
    }
}
