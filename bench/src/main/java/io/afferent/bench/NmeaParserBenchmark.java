package io.afferent.bench;

import io.afferent.drivers.nmea.NmeaParser;
import io.afferent.api.msg.GpsFix;
import java.nio.charset.StandardCharsets;
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
 * NMEA parser throughput: one op = one sentence, so the score is sentences/s; with {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes allocated per sentence (0 expected). The stream is a u-blox style
 * epoch (RMC, VTG, GGA, 2 GSA, 3 GSV, GLL) with CR/LF, repeated; ~70 bytes a sentence.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NmeaParserBenchmark {
    static final String[] EPOCH = {
        "$GNRMC,171926.00,A,4404.14063,N,12118.85478,W,0.117,,180315,,,A*76",
        "$GNVTG,,T,,M,0.117,N,0.216,K,A*3F",
        "$GNGGA,171926.00,4404.14063,N,12118.85478,W,1,12,0.91,1147.2,M,-21.3,M,,*44",
        "$GNGSA,A,3,01,11,31,14,22,32,04,25,03,,,,1.56,0.91,1.27*15",
        "$GNGSA,A,3,67,83,76,82,68,,,,,,,,1.56,0.91,1.27*1D",
        "$GPGSV,4,1,13,01,53,280,36,03,29,301,24,04,55,223,37,08,38,166,16*7C",
        "$GPGSV,4,2,13,11,40,245,29,12,05,034,,14,43,055,30,17,06,324,*74",
        "$GLGSV,3,3,10,83,27,309,29,84,01,353,*63",
        "$GNGLL,4404.14063,N,12118.85478,W,171926.00,A,A*66",
    };
    public static final int REPEATS = 100;
    public static final int SENTENCES = 900; // EPOCH.length * REPEATS, checked in setup

    private final NmeaParser parser = new NmeaParser();
    private byte[] stream;
    private final GpsFix last = new GpsFix();
    private final NmeaParser.Listener listener = (fix, stamp) -> last.latitudeDeg += fix.latitudeDeg;

    @Setup
    public void setup() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < REPEATS; r++) {
            for (String s : EPOCH) {
                sb.append(s).append("\r\n");
            }
        }
        if (EPOCH.length * REPEATS != SENTENCES) {
            throw new IllegalStateException("SENTENCES must be EPOCH.length * REPEATS");
        }
        stream = sb.toString().getBytes(StandardCharsets.US_ASCII);
        parser.feed(stream, 0, stream.length, 0, listener);
        if (parser.decodedCount() + parser.unknownCount() != SENTENCES || parser.rejectTotal() != 0) {
            throw new IllegalStateException("benchmark stream does not parse cleanly");
        }
    }

    @Benchmark
    @OperationsPerInvocation(SENTENCES)
    public int parseSentences() {
        return parser.feed(stream, 0, stream.length, 1, listener);
    }

    int streamBytes() {
        return stream.length;
    }
}
