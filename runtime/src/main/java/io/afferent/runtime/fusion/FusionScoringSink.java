package io.afferent.runtime.fusion;

import com.lmax.disruptor.EventPoller;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Scores the fused output against ground truth, when there is one (in simulation): a sink on its own
 * thread that compares every fused state that has an absolute position with the truth at the state's
 * time of validity. Both are compared in a local east-north frame around the first true position,
 * built from latitude and longitude, so the estimator's own origin (its first fix) does not matter.
 *
 * <p>Threads: {@link #run()} on the sink thread; {@link #finish()} from the pipeline after the stage
 * ended; {@link #summary()} after the sink thread was joined.
 */
public final class FusionScoringSink {
    /** The true pose at a time: fills {@code out} with latitude (deg), longitude (deg), heading (rad, CCW from east). */
    @FunctionalInterface
    public interface PoseTruth {
        void poseAt(long nanos, double[] out);
    }

    private static final double EARTH_RADIUS_M = 6_371_008.8;
    private static final long IDLE_NANOS = 10_000_000L;

    private final EventPoller<FusedState> poller;
    /** Made once: a method reference in the loop would allocate a handler per poll. */
    private final EventPoller.Handler<FusedState> handler = this::onState;
    private final PoseTruth truth;
    private final FusionScore score = new FusionScore();
    private final double[] pose = new double[3];
    private volatile boolean finishing;
    private boolean haveReference;
    private double refLatRad;
    private double refLonRad;
    private double cosRefLat;

    public FusionScoringSink(FusedStateRing ring, PoseTruth truth) {
        this.poller = ring.newPoller();
        this.truth = truth;
    }

    /** Sink thread: scores until {@link #finish()} was called and the ring is drained. */
    public void run() throws Exception {
        while (true) {
            boolean done = finishing; // read before polling: whatever was published before finish() is scored
            if (poller.poll(handler) != EventPoller.PollState.PROCESSING) {
                if (done) {
                    return;
                }
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    private boolean onState(FusedState s, long sequence, boolean endOfBatch) {
        if ((s.flags & FusionFlags.POSITION_ABSOLUTE) == 0) {
            return true; // no absolute position yet (before the first GPS fix)
        }
        truth.poseAt(s.timeNanos, pose);
        if (!haveReference) {
            refLatRad = Math.toRadians(pose[0]);
            refLonRad = Math.toRadians(pose[1]);
            cosRefLat = Math.cos(refLatRad);
            haveReference = true;
        }
        score.add(east(s.longitudeDeg), north(s.latitudeDeg), s.headingRad, east(pose[1]), north(pose[0]), pose[2],
                (s.flags & FusionFlags.DEAD_RECKONING) == 0);
        return true;
    }

    private double east(double lonDeg) {
        return (Math.toRadians(lonDeg) - refLonRad) * cosRefLat * EARTH_RADIUS_M;
    }

    private double north(double latDeg) {
        return (Math.toRadians(latDeg) - refLatRad) * EARTH_RADIUS_M;
    }

    /** Asks the sink to score what is left and return. */
    public void finish() {
        finishing = true;
    }

    /** The {@code "fusion"} object of summary.json; after the sink thread has ended. */
    public Map<String, Double> summary() {
        return score.toSummary();
    }

    public long scored() {
        return score.samples();
    }
}
