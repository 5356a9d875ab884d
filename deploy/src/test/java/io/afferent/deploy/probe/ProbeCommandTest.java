package io.afferent.deploy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.afferent.pty.PseudoTerminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60) // hang guard only
class ProbeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new ProbeCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static String sentence(String body) {
        int sum = 0;
        for (char c : body.toCharArray()) {
            sum ^= c;
        }
        return String.format("$%s*%02X\r\n", body, sum);
    }

    @Test
    void printsDecodedFixesAsJsonLinesAndASummary() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            byte[] data = (sentence("GNGGA,171926.00,4404.14063,N,12118.85478,W,1,12,0.91,1147.2,M,-21.3,M,,")
                    + "$GPGGA,garbage*00\r\n").getBytes(StandardCharsets.US_ASCII);
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> { // keeps a device "talking" until the probe has what it needs
                try {
                    while (!stop.get()) {
                        pty.write(data);
                        Thread.sleep(20);
                    }
                } catch (Exception ignored) {
                    // the test's assertions say what matters
                }
            });
            writer.setDaemon(true);
            writer.start();
            int code = run("serial", "--port", pty.slavePath().toString(), "--protocol", "nmea", "--baud", "115200",
                    "--count", "3", "--duration", "30s", "--format", "jsonl");
            stop.set(true);
            writer.join();
            assertEquals(0, code, err.toString());
            List<String> lines = out.toString().lines().toList();
            assertEquals(4, lines.size(), out.toString());
            for (int i = 0; i < 3; i++) {
                assertTrue(lines.get(i).startsWith("{\"type\":\"gps\",\"seq\":" + i + ","), lines.get(i));
                assertTrue(lines.get(i).contains("\"lat\":44.0690105"), lines.get(i));
                assertTrue(lines.get(i).contains("\"sentence\":\"GGA\""), lines.get(i));
            }
            String summary = lines.get(3);
            assertTrue(summary.startsWith("{\"type\":\"summary\",\"protocol\":\"nmea\",\"samples\":3,"), summary);
            assertTrue(summary.contains("\"bad_checksum\":"), summary);
        }
    }

    @Test
    void missingDeviceExitsWithOneAndNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("ttyUSB7");
        assertEquals(1, run("serial", "--port", missing.toString(), "--protocol", "witmotion", "--duration", "1s"));
        assertTrue(err.toString().contains(missing.toString()), err.toString());
        assertTrue(err.toString().contains("dialout"), err.toString());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, run("serial", "--port", "/dev/null", "--protocol", "sirf"));
        assertEquals(2, run("serial", "--protocol", "nmea"));
        assertEquals(2, run("serial", "--port", "/dev/null", "--protocol", "nmea", "--duration", "soon"));
        assertEquals(2, run("serial", "--port", "/dev/null", "--protocol", "nmea", "--baud", "0"));
        assertEquals(2, run());
    }
}
