package io.afferent.sim;

import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.sim.protocol.Nmea0183;
import io.afferent.sim.protocol.WitMotion;
import io.afferent.sim.run.VirtualRun;
import io.afferent.sim.sensor.GpsSensor;
import io.afferent.sim.sensor.SimSource;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulated sources allocate nothing per sample after warm-up: on a reader thread ({@code sample}), in virtual
 * time, and when written as NMEA or WitMotion. Faults that are already active (a latency window holding history, a
 * stuck window holding a value) allocate nothing either; only a fault's start adds one log entry.
 */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long S = 1_000_000_000L;

    private static final String PROFILE = """
            sim:
              seed: 6
              course: {type: random, speed_mps: 0.8, duration: 1h}
            sources:
              imu:
                type: sim-imu
                rate_hz: 1000
                params:
                  report_angle: true
                  faults: [{type: latency, at: 1s, duration: 1h, delay: 50ms}]
              wheels:
                type: sim-wheels
                rate_hz: 100
                params:
                  faults: [{type: stuck, at: 1s, duration: 1h}]
              gps:
                type: sim-gps
                rate_hz: 10
                params: {outage_per_hour: 60, multipath_per_min: 6}
              range: {type: sim-range, rate_hz: 20}
            stages:
              f: {type: fusion, deadline_us: 1000, inputs: [imu, wheels, gps, range]}
            """;

    /** Samples every source {@code n} periods from {@code fromNanos}, as its reader does; returns the samples taken. */
    private static <M> long read(SimSource<M> s, M out, long fromNanos, int n) {
        long t = fromNanos;
        for (int i = 0; i < n; i++) {
            s.sample(t, out);
            t += s.periodNanos();
        }
        return n;
    }

    @Test
    void readingSimulatedSourcesAllocatesNothingPerSample() throws Exception {
        var b = TestWorlds.build(PROFILE, 0);
        Object[] messages = new Object[b.sources().size()];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = b.sources().get(i).newMessage();
        }
        int warm = 20_000;
        for (int i = 0; i < messages.length; i++) {
            readAny(b.sources().get(i), messages[i], 2 * S, warm);
        }
        long samples = 0;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < messages.length; i++) {
            SimSource<?> s = b.sources().get(i);
            samples += readAny(s, messages[i], 2 * S + warm * s.periodNanos(), 50_000);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        // The smallest object is 16 bytes: any allocation per sample would show as >= 16 bytes per sample.
        assertTrue(allocated < samples, allocated + " bytes allocated by " + samples + " samples after warm-up");
        assertEquals(2, b.factory().faultLog().size(), "latency and stuck each logged once, when they started");
    }

    @SuppressWarnings("unchecked")
    private static <M> long readAny(SimSource<M> s, Object out, long fromNanos, int n) {
        return read(s, (M) out, fromNanos, n);
    }

    @Test
    void virtualTimeAndTheSerialEncodersAllocateNothingPerSample() throws Exception {
        var b = TestWorlds.build(PROFILE, 0);
        GpsSensor gps = (GpsSensor) b.source("gps").sensor();
        Nmea0183 nmea = new Nmea0183();
        byte[] wit = new byte[WitMotion.SAMPLE_BYTES];
        long[] bytes = {0};
        VirtualRun.Listener listener = (i, s, m, t) -> {
            if (m instanceof GpsFix fix) {
                bytes[0] += nmea.encode(gps.lastEpochFor(fix));
            } else if (m instanceof Imu imu) {
                bytes[0] += WitMotion.encode(imu, 1.0, wit, 0);
            }
        };
        VirtualRun run = new VirtualRun(b.sources());
        run.runFor(30 * S, listener); // warm-up
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long samples = run.runFor(120 * S, listener);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(samples > 100_000, "samples " + samples);
        assertTrue(allocated < samples, allocated + " bytes allocated by " + samples + " virtual samples after warm-up");
        assertTrue(bytes[0] > 0);
    }
}
