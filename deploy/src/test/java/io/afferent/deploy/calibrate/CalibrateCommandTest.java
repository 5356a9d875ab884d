package io.afferent.deploy.calibrate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new CalibrateCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, run("--rate", "0"));
        assertEquals(2, run("--policy", "deadline"));
        assertEquals(2, run("--priority", "100"));
        assertEquals(2, run("--duration", "soon"));
        assertEquals(2, run("--cpus", "x"));
        assertEquals(2, run("--rate", "1000", "--spin-us", "1000"));
        assertEquals(2, run("--no-such-option"));
    }

    @Test
    void shortRunPrintsPercentilesAndWritesTheSummary(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out/calibrate.json");
        int code = run("--rate", "2000", "--duration", "200ms", "--threads", "2", "--policy", "other",
                "--warmup", "100", "--no-mlock", "--out", json.toString());
        assertEquals(0, code, err::toString);
        assertTrue(out.toString().contains("p99.9"), out::toString);
        Map<String, String> top = topLevelScalars(json);
        assertEquals("afferent.calibrate/1", top.get("schema"));
        String text = Files.readString(json);
        for (String field : new String[] {"\"lateness_us\"", "\"p50\"", "\"p90\"", "\"p99\"", "\"p999\"", "\"max\"",
                "\"count\"", "\"min\"", "\"mean\"", "\"threads\"", "\"early\""}) {
            assertTrue(text.contains(field), field + " in " + text);
        }
    }

    @Test
    void strictRtTurnsARefusedControlIntoExitOne(@TempDir Path dir) {
        // CPU 1000 does not exist: sched_setaffinity says EINVAL on Linux; the portable platform refuses it too.
        int code = run("--rate", "2000", "--duration", "50ms", "--policy", "other", "--cpus", "1000",
                "--warmup", "10", "--no-mlock", "--strict-rt", "--out", dir.resolve("c.json").toString());
        assertEquals(1, code, out::toString);
        assertTrue(err.toString().contains("error: "), err::toString);
    }

    @Test
    void durationsParse() {
        assertEquals(15_000_000_000L, CalibrateCommand.parseDurationNs("15s"));
        assertEquals(15_000_000_000L, CalibrateCommand.parseDurationNs("15"));
        assertEquals(500_000_000L, CalibrateCommand.parseDurationNs("500ms"));
        assertEquals(120_000_000_000L, CalibrateCommand.parseDurationNs("2m"));
        assertThrows(IllegalArgumentException.class, () -> CalibrateCommand.parseDurationNs("0.1ms"));
    }

    private static Map<String, String> topLevelScalars(Path json) throws Exception {
        Map<String, String> m = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v.isStructStart()) {
                    p.skipChildren();
                } else {
                    m.put(name, p.getText());
                }
            }
        }
        return m;
    }
}
