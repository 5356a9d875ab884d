package io.afferent.sim.sensor;

import io.afferent.api.msg.GpsFix;
import io.afferent.sim.protocol.Nmea0183;

/** The simulated GPS as a sensor: one GGA-equivalent fix per epoch, filled as the NMEA parser would. */
public final class GpsSensor implements SimSensor<GpsFix> {
    private final GpsModel model;
    private final GpsEpoch epoch = new GpsEpoch();
    private final GpsEpoch older = new GpsEpoch();
    private final GpsFix scratchFix = new GpsFix();

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
    public GpsEpoch lastEpochFor(GpsFix fix) {
        if (fix.utcMillisOfDay == scratchFix.utcMillisOfDay && fix.utcDate == scratchFix.utcDate) {
            return epoch;
        }
        GpsEpoch e = older;
        e.utcEpochDay = epoch.utcEpochDay - (fix.utcDate != scratchFix.utcDate ? 1 : 0);
        e.utcMillisOfDay = fix.utcMillisOfDay;
        e.quality = fix.fixQuality;
        e.satellites = fix.satellites;
        e.hdop = fix.hdop;
        e.latitudeDeg = fix.latitudeDeg;
        e.longitudeDeg = fix.longitudeDeg;
        e.altitudeM = fix.altitudeM;
        e.speedMps = fix.speedMps;
        e.courseDeg = fix.courseDeg;
        return e;
    }

    @Override
    public SimMessage<GpsFix> message() {
        return SimMessage.GPS;
    }

    @Override
    public void produce(long index, long timeNanos, GpsFix out) {
        model.epoch(index, timeNanos, epoch);
        Nmea0183.fillAsGga(epoch, out);
        scratchFix.copyFrom(out);
    }
}
