package io.afferent.fusion;

import io.afferent.api.ReportSection;
import io.afferent.api.TopicInfo;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.fusion.score.FusionScoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension fusion-score through the API: which sinks it adds, and the report section it fills. */
class FusionScoreExtensionTest {
    private static final List<String> SCORE_FIELDS = List.of("position_rms_m", "position_max_m", "heading_rms_deg",
            "gps_outage_error_m");
    @TempDir
    Path dir;

    private TestSetup run(GroundTruth truth) {
        TestSetup s = new TestSetup("fusion", TestProfiles.none(), dir);
        if (truth != null) {
            s.services.put(GroundTruth.class, truth);
        }
        s.topics.add(new TopicInfo("imu", Imu.TYPE, "source imu"));
        s.topics.add(new TopicInfo("wheels", Wheels.TYPE, "source wheels"));
        s.topics.add(new TopicInfo("gps", GpsFix.TYPE, "source gps"));
        return s;
    }

    @Test
    void withoutGroundTruthTheSectionIsNullAndNothingIsAdded() throws Exception {
        TestSetup s = run(null);
        s.topics.add(new TopicInfo("pose", Pose.TYPE, "stage fusion"));
        new FusionScoreExtension().configure(s);
        assertEquals(1, s.sections.size());
        assertEquals("fusion", s.sections.get(0).name());
        assertNull(s.sections.get(0).summary());
        assertEquals(List.of(), List.copyOf(s.sinks.keySet()));
        StringBuilder text = new StringBuilder();
        s.sections.get(0).appendText(text);
        assertEquals("", text.toString());
    }

    @Test
    void withoutAPoseTopicTheSectionIsNull() throws Exception {
        TestSetup s = run(new DriveTruth(new DriveScenario(1)));
        new FusionScoreExtension().configure(s);
        assertNull(s.sections.get(0).summary());
        assertEquals(List.of(), List.copyOf(s.sinks.keySet()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void severalPoseTopicsAreScoredEachUnderItsStage() throws Exception {
        TestSetup s = run(new DriveTruth(new DriveScenario(1)));
        s.topics.add(new TopicInfo("pose", Pose.TYPE, "stage fusion"));
        s.topics.add(new TopicInfo("pose_b", Pose.TYPE, "stage fusion_b"));
        new FusionScoreExtension().configure(s);
        assertEquals(List.of("odometry-alone-wheels", "gps-alone-gps", "fusion-score", "fusion_b-score"),
                List.copyOf(s.sinks.keySet()));
        assertEquals("pose_b", s.sinkTopics.get("fusion_b-score"));
        Map<String, Object> summary = (Map<String, Object>) s.sections.get(0).summary();
        assertEquals(List.of("stages"), List.copyOf(summary.keySet()));
        Map<String, Object> stages = (Map<String, Object>) summary.get("stages");
        assertEquals(List.of("fusion", "fusion_b"), List.copyOf(stages.keySet()));
        Map<String, Object> b = (Map<String, Object>) stages.get("fusion_b");
        for (String f : SCORE_FIELDS) {
            assertTrue(b.containsKey(f) && b.get(f) == null, "nothing scored: " + b);
        }
    }

    /**
     * A 3-minute drive of the test world through the fusion stage, with the extension beside it: the fused pose
     * is scored, and the GPS alone and the odometry alone on the same drive and grid; fusion beats both.
     */
    @Test
    @SuppressWarnings("unchecked")
    void onOneDriveFusionIsScoredBesideTheGpsAloneAndTheOdometryAlone() throws Exception {
        DriveScenario w = new DriveScenario(2);
        w.durationNanos = 180_000 * DriveScenario.MS;
        w.gpsVelocitySigmaMps = 0.05;
        w.outageStartNanos = w.nanosAt(100);
        w.outageEndNanos = w.nanosAt(130);
        DriveTruth truth = new DriveTruth(w);
        TestSetup s = run(truth);
        s.inputs.addAll(List.of("imu", "wheels", "gps"));
        s.params(TestProfiles.params("""
                      origin: {lat_deg: 52.2053, lon_deg: 0.1218}
                """));
        FusionStage.create(s);
        new FusionScoreExtension().configure(s);
        assertEquals(List.of("odometry-alone-wheels", "gps-alone-gps", "fusion-score"), List.copyOf(s.sinks.keySet()));
        w.run(s::deliver, t -> { });
        ReportSection section = s.sections.get(0);
        Map<String, Object> score = (Map<String, Object>) section.summary();
        StringBuilder text = new StringBuilder();
        section.appendText(text);
        System.out.print(text);
        System.out.println(score);
        assertEquals(List.of("position_rms_m", "position_max_m", "heading_rms_deg", "gps_outage_error_m", "gps_alone",
                "odometry_alone"), List.copyOf(score.keySet()));
        Map<String, Object> gps = (Map<String, Object>) score.get("gps_alone");
        Map<String, Object> odo = (Map<String, Object>) score.get("odometry_alone");
        assertEquals("gps", gps.get("topic"));
        assertEquals("wheels", odo.get("topic"));
        for (Map<String, Object> m : List.of(score, gps, odo)) {
            for (String f : SCORE_FIELDS) {
                assertTrue(m.get(f) instanceof Double d && d >= 0, f + " in " + m);
            }
        }
        double fused = (Double) score.get("position_rms_m");
        assertTrue(fused < (Double) gps.get("position_rms_m"), "fusion beats the GPS alone: " + score);
        assertTrue(fused < (Double) odo.get("position_rms_m"), "fusion beats the odometry alone: " + score);
        assertTrue((Double) score.get("heading_rms_deg") < (Double) gps.get("heading_rms_deg"), score.toString());
        assertTrue((Double) score.get("gps_outage_error_m") < (Double) gps.get("gps_outage_error_m"),
                "through a 30 s outage the GPS alone holds its last fix: " + score);
        String[] lines = text.toString().strip().split("\n");
        assertEquals(3, lines.length, text.toString());
        assertTrue(lines[0].startsWith("Fusion fusion against ground truth: position RMS "), lines[0]);
        assertTrue(lines[1].startsWith("  the GPS alone (gps): position RMS "), lines[1]);
        assertTrue(lines[2].startsWith("  the odometry alone (wheels): position RMS "), lines[2]);
    }
}
