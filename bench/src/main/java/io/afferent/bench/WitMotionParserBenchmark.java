package io.afferent.bench;

import io.afferent.drivers.witmotion.WitMotionParser;
import io.afferent.api.msg.Imu;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * WitMotion parser throughput: one op = one 11-byte frame (0x51..0x54 in turn), so the score is frames/s;
 * with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per frame (0 expected).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WitMotionParserBenchmark {
    public static final int FRAMES = 1024;

    private final WitMotionParser parser = new WitMotionParser();
    private final byte[] stream = new byte[FRAMES * 11];
    private final Imu sum = new Imu();
    private final WitMotionParser.Listener listener = (imu, stamp) -> sum.accelX += imu.accelX + imu.gyroX;

    @Setup
    public void setup() {
        for (int i = 0; i < FRAMES; i++) {
            int o = i * 11;
            stream[o] = 0x55;
            stream[o + 1] = (byte) (0x51 + i % 4);
            for (int k = 2; k < 10; k++) {
                stream[o + k] = (byte) (i * 31 + k * 7);
            }
            int s = 0;
            for (int k = 0; k < 10; k++) {
                s += stream[o + k];
            }
            stream[o + 10] = (byte) s;
        }
        if (parser.feed(stream, 0, stream.length, 0, listener) != FRAMES) {
            throw new IllegalStateException("benchmark stream does not parse cleanly");
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int parseFrames() {
        return parser.feed(stream, 0, stream.length, 1, listener);
    }
}
