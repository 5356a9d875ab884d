package io.afferent.deploy.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorCommandTest {
    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(DoctorCommand command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void exitsZeroWhenNothingFailsEvenWithWarnings() {
        int code = run(new DoctorCommand(), "--root", root.toString());
        assertEquals(0, code, out::toString);
        assertTrue(out.toString().contains(" fail, "), out::toString);
    }

    @Test
    void exitsOneWhenANamedSerialDeviceIsMissing() {
        assertEquals(1, run(new DoctorCommand(), "--root", root.toString(), "--serial", "/dev/ttyUSB9"));
        assertTrue(out.toString().contains("fail  serial /dev/ttyUSB9"), out::toString);
    }

    @Test
    void exitsOneWhenGpioIsNeededAndAbsent() {
        assertEquals(1, run(new DoctorCommand(), "--root", root.toString(), "--gpio"));
    }

    @Test
    void configWithoutAProfileReaderIsBadUsage() {
        assertEquals(2, run(new DoctorCommand(), "--config", "robot.yaml"));
        assertTrue(err.toString().contains("--serial"), err::toString);
        assertEquals(2, run(new DoctorCommand(), "--rt-priority", "0"));
        assertEquals(2, run(new DoctorCommand(), "--bogus"));
    }

    @Test
    void configIsReadThroughTheInjectedProfileReader() throws IOException {
        write("dev/ttyAMA0", "");
        DoctorCommand command = new DoctorCommand(
                file -> new DoctorCommand.Requirements(List.of(Path.of("/dev/ttyAMA0")), false));
        assertEquals(0, run(command, "--root", root.toString(), "--config", "robot.yaml"));
        assertTrue(out.toString().contains("pass  serial /dev/ttyAMA0"), out::toString);
    }
}
