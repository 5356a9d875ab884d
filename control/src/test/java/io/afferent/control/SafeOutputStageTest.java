package io.afferent.control;

import io.afferent.api.Actuator;
import io.afferent.api.OutputType;
import io.afferent.api.SafeOutputStage;
import io.afferent.api.SafeState;
import io.afferent.api.Stage;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.WheelCmd;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The safety layer of outputs on a run clock the test sets: what reaches the actuator, when it is made safe, and
 * which event is counted. The actuator records what it is told, as a log of "write L R" and "safe STATE".
 */
class SafeOutputStageTest {
    private static final long MS = 1_000_000;

    /** Writes into a log; refuses NaN/infinite speeds or beyond 2 m/s; throws on a left speed of exactly 1.5. */
    static final class LogActuator implements Actuator<WheelCmd> {
        final List<String> log = new ArrayList<>();
        boolean closed;

        @Override
        public boolean accepts(WheelCmd c) {
            return Double.isFinite(c.leftMps) && Double.isFinite(c.rightMps) && Math.abs(c.leftMps) <= 2 && Math.abs(c.rightMps) <= 2;
        }

        @Override
        public void write(WheelCmd c, long nowNanos) {
            if (c.leftMps == 1.5) {
                throw new IllegalStateException("driver fault");
            }
            log.add("write " + c.leftMps + " " + c.rightMps + " @" + nowNanos / MS);
        }

        @Override
        public void safe(SafeState state, long nowNanos) {
            log.add("safe " + state + " @" + nowNanos / MS);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final LogActuator actuator = new LogActuator();
    private final WheelCmd cmd = new WheelCmd();
    private final Digital estop = new Digital();

    private StageHarness harness(String params) {
        return new StageHarness(params, "wheel_cmd", "estop");
    }

    private Stage output(StageHarness h) throws Exception {
        OutputType<WheelCmd> type = new OutputType<>("log-drive", WheelCmd.TYPE, setup -> actuator);
        return SafeOutputStage.create(h, type);
    }

    private void command(StageHarness h, double left, double right) throws Exception {
        cmd.leftMps = left;
        cmd.rightMps = right;
        h.deliver("wheel_cmd", WheelCmd.TYPE, cmd, h.now, 0);
    }

    private void estop(StageHarness h, boolean high) throws Exception {
        estop.high = high;
        h.deliver("estop", Digital.TYPE, estop, h.now, 1);
    }

    @Test
    void aCommandOlderThanTheTimeoutStopsTheMotorsAtTheFirstIdleCheckAfterIt() throws Exception {
        StageHarness h = harness("      {}\n");
        Stage s = output(h);
        h.now = 10 * MS;
        command(h, 0.5, 0.5);
        h.now = 110 * MS;
        s.idle(h.now); // exactly 100 ms: not older than the timeout
        h.now = 111 * MS;
        s.idle(h.now);
        s.idle(112 * MS); // already safe: not a second event
        assertEquals(List.of("write 0.5 0.5 @10", "safe BRAKE @111"), actuator.log);
        assertEquals(1, h.count("safe_command_timeout"));
        assertEquals(1, h.count("commands_written"));
    }

    @Test
    void theEStopStopsAtOnceAndOnlyACommandPublishedAfterTheReleaseDrivesAgain() throws Exception {
        StageHarness h = harness("      safe_state: coast\n      command_timeout: 50ms\n");
        Stage s = output(h);
        h.now = 1 * MS;
        command(h, 0.3, 0.4);
        h.now = 2 * MS;
        estop(h, true);
        h.now = 3 * MS;
        command(h, 0.3, 0.4); // ignored while pressed
        h.now = 4 * MS;
        estop(h, false);
        // A command published before the release (still in the ring) is not fresh.
        h.now = 3 * MS;
        command(h, 0.3, 0.4);
        h.now = 5 * MS;
        command(h, 0.1, 0.2);
        s.idle(6 * MS);
        assertEquals(List.of("write 0.3 0.4 @1", "safe COAST @2", "write 0.1 0.2 @5"), actuator.log);
        assertEquals(1, h.count("safe_estop"));
        assertEquals(2, h.count("commands_ignored"));
    }

    @Test
    void nanInfiniteAndOutOfRangeCommandsAreNeverWrittenAndCounted() throws Exception {
        StageHarness h = harness("      {}\n");
        output(h);
        command(h, 0.5, 0.5);
        command(h, Double.NaN, 0.5);
        command(h, 0.5, Double.POSITIVE_INFINITY);
        command(h, 2.5, 0);
        command(h, 0.2, 0.2);
        assertEquals(List.of("write 0.5 0.5 @0", "safe BRAKE @0", "safe BRAKE @0", "safe BRAKE @0", "write 0.2 0.2 @0"),
                actuator.log);
        assertEquals(3, h.count("commands_refused"));
        assertEquals(2, h.count("commands_written"));
    }

    @Test
    void anActuatorExceptionLeavesItSafeAndPropagatesToTheRunsErrorPolicy() throws Exception {
        StageHarness h = harness("      {}\n");
        Stage s = output(h);
        command(h, 0.5, 0.5);
        assertThrows(IllegalStateException.class, () -> command(h, 1.5, 0.5));
        s.reset(); // on_error: restart
        assertEquals(List.of("write 0.5 0.5 @0", "safe BRAKE @0", "safe BRAKE @0"), actuator.log);
        assertEquals(1, h.count("safe_output_error"));
        assertEquals(1, h.count("safe_restart"));
    }

    @Test
    void theEndOfTheRunLeavesItSafeThenClosesIt() throws Exception {
        StageHarness h = harness("      safe_state: coast\n");
        Stage s = output(h);
        command(h, 0.5, 0.5);
        s.flush();
        s.close();
        assertEquals(List.of("write 0.5 0.5 @0", "safe COAST @0"), actuator.log);
        assertEquals(1, h.count("safe_end_of_run"));
        assertEquals(true, actuator.closed);
    }

    @Test
    void badSafetyParamsAreExactErrors() {
        var e = assertThrows(io.afferent.api.ConfigError.class, () -> output(harness("      safe_state: float\n")));
        assertEquals(true, e.getMessage().contains("test.yaml:7:") && e.getMessage().contains("brake"), e.getMessage());
        var t = assertThrows(io.afferent.api.ConfigError.class, () -> output(harness("      command_timeout: 0s\n")));
        assertEquals(true, t.getMessage().contains("command_timeout"), t.getMessage());
    }
}
