package io.afferent.sim.sensor;

import io.afferent.runtime.sample.Sample;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.sim.protocol.Nmea0183;

/** The simulated GPS as a sensor: one GGA-equivalent fix per epoch, filled as the NMEA parser would. */
public final class GpsSensor implements SimSensor {
    private final GpsModel model;
    private final GpsEpoch epoch = new GpsEpoch();
    private final GpsEpoch older = new GpsEpoch();
    private final Sample scratchFix = new Sample().reset(SampleKind.GPS);

    public GpsSensor(GpsModel model) {
        this.model = model;
    }

    public GpsModel model() {
        return model;
    }

    /**
     * The epoch behind {@code fix}, a sample just produced by this sensor's {@link SimSource} (faults
     * applied): the latest epoch, or, when a latency or stuck fault handed out an older fix, that fix's
     * epoch rebuilt from it (the writer of {@code sim serve} then sends the older data).
     */
    public GpsEpoch lastEpochFor(Sample fix) {
        if (fix.gps.utcMillisOfDay == scratchFix.gps.utcMillisOfDay && fix.gps.utcDate == scratchFix.gps.utcDate) {
            return epoch;
        }
        GpsEpoch e = older;
        e.utcEpochDay = epoch.utcEpochDay - (fix.gps.utcDate != scratchFix.gps.utcDate ? 1 : 0);
        e.utcMillisOfDay = fix.gps.utcMillisOfDay;
        e.quality = fix.gps.fixQuality;
        e.satellites = fix.gps.satellites;
        e.hdop = fix.gps.hdop;
        e.latitudeDeg = fix.gps.latitudeDeg;
        e.longitudeDeg = fix.gps.longitudeDeg;
        e.altitudeM = fix.gps.altitudeM;
        e.speedMps = fix.gps.speedMps;
        e.courseDeg = fix.gps.courseDeg;
        return e;
    }

    @Override
    public SampleKind kind() {
        return SampleKind.GPS;
    }

    @Override
    public void produce(long index, long timeNanos, Sample out) {
        model.epoch(index, timeNanos, epoch);
        Nmea0183.fillAsGga(epoch, out.gps);
        scratchFix.gps.copyFrom(out.gps);
    }
}
