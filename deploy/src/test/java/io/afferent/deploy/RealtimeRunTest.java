package io.afferent.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real-time settings through a real run, read back from the kernel: as root they are in force; in a
 * child JVM without CAP_SYS_NICE and with RLIMIT_RTPRIO 0 they fall back with a warning that says how
 * to grant them, or fail the run under --strict-rt.
 */
class RealtimeRunTest {
    private static final String PROFILE = """
            sources:
              imu:
                type: sim-imu
                rate_hz: 500
                rt: {policy: fifo, priority: 80, cpus: [0]}
            stages:
              fusion: {type: fusion, inputs: [imu], deadline_us: 1000}
            report: {status: off}
            """;

    private static boolean root() throws Exception {
        return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim());
    }

    /** Runs the CLI in a child JVM with RLIMIT_RTPRIO 0 and, as root, without CAP_SYS_NICE. */
    private static Process unprivileged(Path profile, Path reports, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("prlimit", "--rtprio=0:0"));
        if (root()) {
            cmd.addAll(List.of("setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "--"));
        }
        cmd.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                profile.toString(), "--duration", "1s", "--report-dir", reports.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
        return out;
    }

    @Test
    void withoutThePrivilegeARunWarnsHowToGrantItAndReportsWhatIsInForce(@TempDir Path dir) throws Exception {
        Path profile = Files.writeString(dir.resolve("rt.yaml"), PROFILE);
        String out = finish(unprivileged(profile, dir.resolve("r")));
        JsonNode s = RunCommandTest.onlySummary(dir.resolve("r"));
        assertEquals(0, s.get("exit_code").asInt(), out);
        assertTrue(out.contains("WARN  [reader-imu] reader-imu: ") && out.contains("CAP_SYS_NICE")
                && out.contains("LimitRTPRIO="), out);
        JsonNode t = s.get("threads").get("reader-imu");
        assertEquals("SCHED_OTHER", t.get("policy").asText(), "the fallback in force, not what was asked for");
        assertEquals(List.of(0), List.of(t.get("affinity").get(0).asInt()));
        assertEquals(1, t.get("affinity").size(), "affinity needs no privilege and is applied");
        assertEquals("linux-ffm", s.get("rt_platform").asText());
    }

    @Test
    void strictRtTurnsTheMissingPrivilegeIntoExitCode1(@TempDir Path dir) throws Exception {
        Path profile = Files.writeString(dir.resolve("rt.yaml"), PROFILE);
        Process p = unprivileged(profile, dir.resolve("r"), "--strict-rt");
        String out = finish(p);
        assertEquals(1, p.exitValue(), out);
        JsonNode s = RunCommandTest.onlySummary(dir.resolve("r"));
        String reason = s.get("stop_reason").asText();
        assertTrue(reason.startsWith("thread reader-imu failed: IllegalStateException: reader-imu: ")
                && reason.contains("CAP_SYS_NICE") && reason.endsWith("(--strict-rt)"), reason);
    }

    @Test
    void withThePrivilegeTheSettingsAreInForce(@TempDir Path dir) throws Exception {
        assumeTrue(root(), "needs root (or CAP_SYS_NICE) to set SCHED_FIFO");
        Path profile = Files.writeString(dir.resolve("rt.yaml"), PROFILE);
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", profile.toString(), "--duration", "1s", "--report-dir",
                dir.resolve("r").toString(), "--strict-rt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = finish(p);
        assertEquals(0, p.exitValue(), out);
        JsonNode t = RunCommandTest.onlySummary(dir.resolve("r")).get("threads").get("reader-imu");
        assertEquals("SCHED_FIFO", t.get("policy").asText());
        assertEquals(80, t.get("priority").asInt());
        assertEquals(0, t.get("affinity").get(0).asInt());
    }
}
