package io.afferent.fusion.score;

import io.afferent.api.Input;
import io.afferent.api.Sink;
import io.afferent.api.msg.GpsFix;

/**
 * The GPS alone, as a baseline for the fused pose: the position of each valid fix and, as heading, its course
 * over ground when the receiver moves at {@link #MIN_COURSE_SPEED_MPS} or more, both held until the next fix
 * (before the first course there is no heading). Records them at each fix's acquisition time, for
 * {@link BaselineScore} after the run. Made on the set-up thread; {@link #onMessage} on its sink thread.
 */
final class GpsAloneSink implements Sink<GpsFix> {
    /** Below this speed the course over ground says nothing about the heading (the fusion stage's default). */
    static final double MIN_COURSE_SPEED_MPS = 0.3;
    static final int LAT = 0, LON = 1, HEADING = 2;
    /** Track entries kept before the track is thinned: 2 MB, 1.8 hours of fixes at 10 Hz. */
    static final int MAX_TRACK = 1 << 16;

    private final String topic;
    private final Series track;
    private double headingRad = Double.NaN;

    GpsAloneSink(String topic, int maxTrack) {
        this.topic = topic;
        this.track = new Series(3, maxTrack);
    }

    @Override
    public void onMessage(GpsFix g, Input input) {
        if (!g.has(GpsFix.POSITION) || g.has(GpsFix.QUALITY) && g.fixQuality == GpsFix.QUALITY_INVALID
                || !(Math.abs(g.latitudeDeg) <= 90 && Math.abs(g.longitudeDeg) <= 180)) {
            return; // no position: the last one is held
        }
        if (g.has(GpsFix.VELOCITY) && g.speedMps >= MIN_COURSE_SPEED_MPS && g.courseDeg >= 0 && g.courseDeg <= 360) {
            // course: clockwise from north; heading: counter-clockwise from east
            headingRad = Math.PI / 2 - Math.toRadians(g.courseDeg);
        }
        int i = track.add(input.originNanos());
        if (i >= 0) {
            track.set(i, LAT, g.latitudeDeg);
            track.set(i, LON, g.longitudeDeg);
            track.set(i, HEADING, headingRad);
        }
    }

    String topic() {
        return topic;
    }

    Series track() {
        return track;
    }
}
