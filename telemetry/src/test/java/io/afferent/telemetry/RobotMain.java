package io.afferent.telemetry;

import java.util.List;

/**
 * A robot in a child JVM for the last-will test: publishes telemetry to tcp://127.0.0.1:PORT as ROBOT,
 * prints {@code CONNECTED} once the broker has it, then publishes an interval a second until it is killed.
 */
public final class RobotMain {
    private RobotMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String robot = args[1];
        TelemetrySettings s = TestRuns.settings(TestRuns.plain(port).build(), robot, 100, List.of());
        TelemetryPublisher p = TelemetryPublisher.start(s, TestRuns.run("child"), w -> System.out.println("WARN " + w));
        while (!p.connected()) {
            Thread.sleep(10);
        }
        System.out.println("CONNECTED");
        System.out.flush();
        for (int i = 0; ; i++) {
            p.interval(TestRuns.interval(i, 1000, false));
            Thread.sleep(1000);
        }
    }
}
