package io.afferent.fusion;

/** The steps of one fusion call that {@link StepTracer} times, and their names in the overrun breakdown. */
final class FusionSteps {
    static final int REORDER = 0, VALIDATE = 1, AHRS = 2, PREDICT = 3, UPDATE_IMU = 4, UPDATE_WHEELS = 5,
            UPDATE_GPS = 6, REPLAY = 7, PUBLISH = 8;
    static final String[] NAMES = {
        "reorder", "validate", "ahrs", "predict", "update-imu", "update-wheels", "update-gps", "replay", "publish"};

    private FusionSteps() {
    }
}
