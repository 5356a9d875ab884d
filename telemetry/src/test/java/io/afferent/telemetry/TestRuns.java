package io.afferent.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Settings and payloads that the broker tests share. */
final class TestRuns {
    static final long MS = 1_000_000L;

    private TestRuns() {
    }

    static BrokerSettings.Builder plain(int port) {
        return BrokerSettings.builder(new BrokerUrl(false, "127.0.0.1", port)).reconnect(200 * MS, 1000 * MS);
    }

    static TelemetrySettings settings(BrokerSettings broker, String robot, int buffer, List<TelemetrySettings.TopicRate> topics) {
        return TelemetrySettings.of(broker, robot, topics, 100 * MS, buffer, 1);
    }

    static TelemetrySettings.TopicRate topic(String name, double rateHz) {
        return new TelemetrySettings.TopicRate(name, rateHz, null);
    }

    static RunInfo run(String profile) {
        return new RunInfo("host-" + profile, "0.1.0-test", profile, Instant.parse("2026-12-02T17:00:00.125Z"), 4242);
    }

    /** The interval of a run with an IMU, a GPS and a fusion stage. */
    static IntervalSnapshot interval(double uptimeS, double imuRateHz, boolean estop) {
        return new IntervalSnapshot(uptimeS, 1.0,
                List.of(new IntervalSnapshot.Source("imu", "imu", imuRateHz, 12_000, 3, true, new Quantiles(8.5, 31.0, 74.0)),
                        new IntervalSnapshot.Source("gps", "gps", 10.0, 120, 0, false, null)),
                List.of(new IntervalSnapshot.Stage("fusion", 12_120, 200, 2, new Quantiles(12.0, 40.5, 180.0),
                        new Quantiles(3.0, 9.0, 20.0))),
                estop);
    }

    static Map<String, Object> pose(double x) {
        return Map.of("x_m", x, "y_m", -2.0, "heading_deg", 90.0, "valid", true, "covariance", new double[] {0.1, 0, 0.2});
    }

    /** Collects warnings for assertions. */
    static final class Warnings implements java.util.function.Consumer<String> {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void accept(String s) {
            lines.add(s);
        }

        boolean any(String part) {
            return lines.stream().anyMatch(l -> l.contains(part));
        }

        @Override
        public String toString() {
            return String.join("\n", lines);
        }
    }

    /** Waits (bounded, for a broken run; not a measurement) until the condition holds. */
    static void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        waitFor(what, condition, "");
    }

    /** As {@link #waitFor(String, java.util.function.BooleanSupplier)}; {@code context} is printed if it times out. */
    static void waitFor(String what, java.util.function.BooleanSupplier condition, Object context) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000 * MS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + " " + context);
            Thread.sleep(20);
        }
    }
}
