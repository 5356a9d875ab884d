package io.afferent.deploy.probe;

import io.afferent.drivers.nmea.NmeaParser;
import io.afferent.drivers.nmea.NmeaReject;
import io.afferent.drivers.serial.NmeaSerialGps;
import io.afferent.drivers.serial.ReconnectingSerialPort;
import io.afferent.drivers.serial.SerialDeviceException;
import io.afferent.drivers.serial.SerialFrameSource;
import io.afferent.drivers.serial.SerialSettings;
import io.afferent.drivers.serial.WitMotionSerialImu;
import io.afferent.drivers.witmotion.WitMotionParser;
import io.afferent.drivers.witmotion.WitMotionReject;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.api.SourceContext;
import io.afferent.api.StreamOutput;
import io.afferent.api.StreamSource;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.runtime.timing.Counter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code afferent probe serial}: decodes a serial device with the same source classes the runtime uses,
 * prints every sample (text or one JSON object per line) and, at the end, accepted and rejected counts by
 * reason. Runs on the calling thread; the probe is a diagnostic, so printing per sample is fine here.
 */
@Command(name = "serial", mixinStandardHelpOptions = true,
        description = "Decode a serial GPS (NMEA 0183) or IMU (WitMotion) and print its samples.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the device failed (missing, not permitted, gone)", "2:bad usage"})
public final class ProbeSerialCommand implements Callable<Integer> {
    public enum Protocol { nmea, witmotion }

    public enum Format { text, jsonl }

    @Spec
    CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "PATH",
            description = "Device path, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...")
    String port;

    @Option(names = "--protocol", required = true, description = "nmea or witmotion")
    Protocol protocol;

    @Option(names = "--baud", defaultValue = "9600", paramLabel = "N", description = "Baud rate (default ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--data-bits", defaultValue = "8", description = "5..8 (default ${DEFAULT-VALUE})")
    int dataBits;

    @Option(names = "--parity", defaultValue = "NONE", description = "NONE, ODD, EVEN, MARK, SPACE (default ${DEFAULT-VALUE})")
    SerialSettings.Parity parity;

    @Option(names = "--stop-bits", defaultValue = "1", description = "1, 1.5 or 2 (default ${DEFAULT-VALUE})")
    String stopBits;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "D",
            description = "How long to listen: 500ms, 10s, 2m, 1h or ISO-8601 PT10S (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N", description = "Stop after N samples (0: no limit)")
    long count;

    @Option(names = "--format", defaultValue = "text", description = "text or jsonl (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--wait", description = "Wait for a missing device instead of failing")
    boolean waitForDevice;

    @Override
    public Integer call() {
        Duration listen = parseDuration(duration);
        SerialSettings settings;
        try {
            SerialSettings.StopBits stop = switch (stopBits) {
                case "1" -> SerialSettings.StopBits.ONE;
                case "1.5" -> SerialSettings.StopBits.ONE_POINT_FIVE;
                case "2" -> SerialSettings.StopBits.TWO;
                default -> throw new IllegalArgumentException("--stop-bits must be 1, 1.5 or 2: " + stopBits);
            };
            settings = new SerialSettings(port, baud, dataBits, parity, stop, waitForDevice,
                    SerialSettings.DEFAULT_READ_TIMEOUT_MS);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StreamSource<?> source = protocol == Protocol.nmea
                ? new NmeaSerialGps(settings, NanoClock.SYSTEM)
                : new WitMotionSerialImu(settings, NanoClock.SYSTEM);
        ProbeContext context = new ProbeContext(port, err);
        PrintingSink sink = new PrintingSink(protocol == Protocol.nmea ? new GpsFix() : new Imu(), out);
        try {
            source.open(context);
        } catch (SerialDeviceException e) {
            err.println("afferent probe: " + e.getMessage());
            err.flush();
            return 1;
        } catch (Exception e) {
            err.println("afferent probe: cannot open " + port + ": " + e);
            err.flush();
            return 1;
        }
        ReconnectingSerialPort serial = ((SerialFrameSource) source).port();
        if (format == Format.text) {
            out.printf("# %s at %d baud (%s), byte time %.1f us%s%n", serial.openedDevice() == null ? port : serial.openedDevice(),
                    baud, protocol, settings.byteTimeNanos() / 1000.0,
                    serial.latencyTimerMs() >= 0 ? ", USB latency_timer " + serial.latencyTimerMs() + " ms" : "");
        }
        long deadline = System.nanoTime() + listen.toNanos();
        try {
            while (System.nanoTime() - deadline < 0 && (count == 0 || sink.samples < count)
                    && !Thread.currentThread().isInterrupted()) {
                poll(source, sink);
                out.flush();
            }
        } catch (Exception e) {
            err.println("afferent probe: " + port + ": " + e);
            return 1;
        } finally {
            source.close();
        }
        printSummary(source, sink.samples, serial.disconnects(), out);
        out.flush();
        return 0;
    }

    private Duration parseDuration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
        try {
            if (m.matches()) {
                long v = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(v);
                    case "s" -> Duration.ofSeconds(v);
                    case "m" -> Duration.ofMinutes(v);
                    default -> Duration.ofHours(v);
                };
            }
            Duration d = Duration.parse(text.trim());
            if (d.isNegative()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(),
                    "--duration: expected e.g. 500ms, 10s, 2m, 1h or PT10S, got '" + text + "'");
        }
    }

    @SuppressWarnings("unchecked")
    private static <M> void poll(StreamSource<M> source, PrintingSink sink) throws Exception {
        source.poll((StreamOutput<M>) sink);
    }

    private void printSummary(StreamSource<?> source, long samples, long disconnects, PrintWriter out) {
        Map<String, Long> rejects = new LinkedHashMap<>();
        long accepted;
        long unknown;
        if (source instanceof NmeaSerialGps g) {
            NmeaParser p = g.parser();
            accepted = p.decodedCount();
            unknown = p.unknownCount();
            for (NmeaReject r : NmeaReject.values()) {
                rejects.put(r.reason, p.rejectCount(r));
            }
        } else {
            WitMotionParser p = ((WitMotionSerialImu) source).parser();
            accepted = p.frameCount();
            unknown = p.unknownCount();
            for (WitMotionReject r : WitMotionReject.values()) {
                rejects.put(r.reason, p.rejectCount(r));
            }
        }
        String unit = protocol == Protocol.nmea ? "sentences" : "frames";
        if (format == Format.jsonl) {
            StringBuilder sb = new StringBuilder("{\"type\":\"summary\",\"protocol\":\"").append(protocol)
                    .append("\",\"samples\":").append(samples).append(",\"accepted\":").append(accepted)
                    .append(",\"unknown\":").append(unknown).append(",\"disconnects\":").append(disconnects)
                    .append(",\"rejected\":{");
            String sep = "";
            for (Map.Entry<String, Long> e : rejects.entrySet()) {
                sb.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
                sep = ",";
            }
            out.println(sb.append("}}"));
        } else {
            long total = rejects.values().stream().mapToLong(Long::longValue).sum();
            out.printf("# %d samples; accepted %d %s, unknown (skipped) %d, rejected %d, disconnects %d%n",
                    samples, accepted, unit, unknown, total, disconnects);
            for (Map.Entry<String, Long> e : rejects.entrySet()) {
                out.printf("#   %-16s %d%n", e.getKey(), e.getValue());
            }
        }
    }

    /** Prints each published sample. */
    @SuppressWarnings("rawtypes")
    private final class PrintingSink implements StreamOutput {
        private final Object scratch;
        private final PrintWriter out;
        long samples;

        PrintingSink(Object scratch, PrintWriter out) {
            this.scratch = scratch;
            this.out = out;
        }

        @Override
        public Object claim() {
            if (scratch instanceof GpsFix g) {
                g.clear();
            } else {
                ((Imu) scratch).clear();
            }
            return scratch;
        }

        @Override
        public void publish(long acquiredNanos) {
            if (count > 0 && samples >= count) {
                return; // one read can deliver more than --count asks for
            }
            long seq = samples++;
            out.println(format == Format.jsonl ? SampleFormat.json(scratch, seq, acquiredNanos) : SampleFormat.text(scratch));
        }

        @Override
        public void abandon() {
        }
    }

    /** Context for a probe: counters kept locally, connection changes printed to stderr. */
    private static final class ProbeContext implements SourceContext {
        private final String name;
        private final PrintWriter err;
        private final Map<String, Counter> counters = new LinkedHashMap<>();

        ProbeContext(String name, PrintWriter err) {
            this.name = name;
            this.err = err;
        }

        @Override
        public String sourceName() {
            return name;
        }

        @Override
        public io.afferent.api.Clock clock() {
            return NanoClock.SYSTEM;
        }

        @Override
        public io.afferent.api.Counter rejectCounter(String reason) {
            return counters.computeIfAbsent(reason, Counter::new);
        }

        @Override
        public void connectionChanged(boolean connected, String detail) {
            err.println("afferent probe: " + (connected ? "connected: " : "disconnected: ") + detail);
            err.flush();
        }

        @Override
        public boolean running() {
            return !Thread.currentThread().isInterrupted();
        }
    }
}
