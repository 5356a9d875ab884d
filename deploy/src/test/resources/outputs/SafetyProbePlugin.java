package probe;

import io.afferent.api.*;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.WheelCmd;
import io.afferent.drivers.gpio.GpioRun;
import io.afferent.drivers.gpio.GpioSession;
import io.afferent.drivers.gpio.out.GpioMotors;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Test plugin (compiled by the test as a user's plugin is): stage {@code cmd-script} publishes wheel_cmd on every
 * IMU sample as its params script it (speed, then NaN / infinite / too fast once, a stop, an exception); output
 * {@code probe-motors} is the real gpio-motors on Pi4J's mock pins, which after every write and safe state reads the
 * pins back and writes what it saw to probe-NAME.txt in the run's report directory.
 */
public final class SafetyProbePlugin implements AfferentPlugin {
    public String name() {
        return "safety-probe";
    }

    public void register(Registry r) {
        r.stage(StageType.of("cmd-script", Script::new).output("wheel_cmd", WheelCmd.TYPE));
        r.output(new OutputType<>("probe-motors", WheelCmd.TYPE, Probe::new));
    }

    static final class Script implements Stage {
        private final Output<WheelCmd> out;
        private final double speed;
        private final long stopAt, nanAt, infAt, overAt, throwAt;
        private long first = Long.MIN_VALUE;
        private boolean nanDone, infDone, overDone;

        Script(StageSetup s) throws ConfigError {
            Params p = s.params();
            speed = p.number("speed", 0.5, -1, 1);
            stopAt = p.durationNanos("stop_at", Long.MAX_VALUE, 0, Long.MAX_VALUE);
            nanAt = p.durationNanos("nan_at", Long.MAX_VALUE, 0, Long.MAX_VALUE);
            infAt = p.durationNanos("inf_at", Long.MAX_VALUE, 0, Long.MAX_VALUE);
            overAt = p.durationNanos("over_at", Long.MAX_VALUE, 0, Long.MAX_VALUE);
            throwAt = p.durationNanos("throw_at", Long.MAX_VALUE, 0, Long.MAX_VALUE);
            out = s.output("wheel_cmd", WheelCmd.TYPE);
            s.subscribe(s.inputs().get(0)).on(Imu.TYPE, this::onImu);
        }

        private void onImu(Imu m, Input in) {
            if (first == Long.MIN_VALUE) {
                first = in.originNanos();
            }
            long t = in.originNanos() - first;
            if (t >= throwAt) {
                throw new IllegalStateException("cmd-script: injected stage failure");
            }
            if (t >= stopAt) {
                return;
            }
            double v = speed;
            if (t >= nanAt && !nanDone) {
                nanDone = true;
                v = Double.NaN;
            } else if (t >= infAt && !infDone) {
                infDone = true;
                v = Double.POSITIVE_INFINITY;
            } else if (t >= overAt && !overDone) {
                overDone = true;
                v = 50;
            }
            WheelCmd c = out.claim();
            c.leftMps = v;
            c.rightMps = v;
            out.publish();
        }
    }

    static final class Probe implements Actuator<WheelCmd> {
        private final GpioMotors motors;
        private final GpioSession session;
        private final java.nio.file.Path file;
        private final long failAtWrite;
        private final List<String> lines = new ArrayList<>();
        private long writes;
        private long nonFiniteWritten;
        private long lastWriteNanos;
        private String lastPins = "";
        private final long originNanos;

        Probe(StageSetup s) throws ConfigError {
            failAtWrite = s.params().integer("fail_at_write", 0, 0, Long.MAX_VALUE);
            originNanos = s.originNanos();
            motors = GpioMotors.create(s);
            session = GpioRun.of(s).session();
            file = s.reportDir().resolve("probe-" + s.name() + ".txt");
        }

        public boolean accepts(WheelCmd c) {
            return motors.accepts(c);
        }

        public void write(WheelCmd c, long nowNanos) {
            writes++;
            if (!Double.isFinite(c.leftMps) || !Double.isFinite(c.rightMps)) {
                nonFiniteWritten++;
            }
            if (writes == failAtWrite) {
                throw new IllegalStateException("probe-motors: injected driver fault at write " + writes);
            }
            motors.write(c, nowNanos);
            if (writes == 1) {
                lines.add("first_write t_ms=" + (nowNanos - originNanos) / 1_000_000);
            }
            lastWriteNanos = nowNanos;
            lastPins = session.outputStates();
        }

        public void safe(SafeState state, long nowNanos) {
            motors.safe(state, nowNanos);
            lines.add("safe " + state + " t_ms=" + (nowNanos - originNanos) / 1_000_000 + " after_last_write_us=" + (nowNanos - lastWriteNanos) / 1000
                    + " writes=" + writes + " pins_before=[" + lastPins + "] pins=[" + session.outputStates() + "]");
        }

        public void close() throws Exception {
            motors.close();
            lines.add("close writes=" + writes + " non_finite_written=" + nonFiniteWritten);
            Files.write(file, lines);
        }
    }
}
