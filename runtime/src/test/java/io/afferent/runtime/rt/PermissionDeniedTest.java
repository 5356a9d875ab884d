package io.afferent.runtime.rt;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
 * The EPERM/ENOMEM paths for real: a child JVM runs with RLIMIT_RTPRIO 0 and RLIMIT_MEMLOCK 64 KiB ({@code prlimit})
 * and, when we are root, without CAP_SYS_NICE and CAP_IPC_LOCK ({@code setpriv}, util-linux).
 */
class PermissionDeniedTest {
    private static List<String> output;

    @BeforeAll
    static void runChildWithoutPrivileges() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
        assumeTrue(onPath("prlimit"), "prlimit (util-linux) not installed");
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim());
        List<String> cmd = new ArrayList<>(List.of("prlimit", "--rtprio=0:0", "--memlock=65536:65536"));
        if (root) {
            assumeTrue(onPath("setpriv"), "setpriv (util-linux) not installed: cannot drop capabilities as root");
            cmd.addAll(List.of("setpriv", "--inh-caps=-sys_nice,-ipc_lock", "--bounding-set=-sys_nice,-ipc_lock",
                    "--"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                RtPermissionProbeMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
        assertEquals(0, p.exitValue(), text);
        output = text.lines().toList();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lines(String key) {
        return output.stream().filter(l -> l.startsWith(key + ": ")).map(l -> l.substring(key.length() + 2)).toList();
    }

    @Test
    void fifoWithoutCapSysNiceWarnsHowToGrantItAndFallsBack() throws IOException {
        assertEquals(List.of("linux-ffm"), lines("IMPL"), output::toString);
        List<String> warnings = lines("THREAD-WARNING");
        assertEquals(1, warnings.size(), output::toString);
        String w = warnings.getFirst();
        assertTrue(w.contains("EPERM"), w);
        assertTrue(w.contains("CAP_SYS_NICE"), w);
        assertTrue(w.contains("LimitRTPRIO=80"), w);
        assertTrue(w.contains("ulimit -r"), w);
        assertTrue(w.contains("limits.conf"), w);
        assertTrue(w.contains("RLIMIT_RTPRIO is 0/0 soft/hard"), w);
        assertEquals(List.of("SCHED_OTHER"), lines("POLICY"));
        assertEquals(List.of("1"), lines("SLACK"), "the other controls still apply");
    }

    @Test
    void mlockallUnderSmallMemlockLimitWarnsHowToGrantItAndKeepsRunning() {
        List<String> warnings = lines("MEMORY-WARNING");
        String w = warnings.stream().filter(s -> s.startsWith("mlockall")).findFirst().orElseThrow(
                () -> new AssertionError(output.toString()));
        assertTrue(w.contains("ENOMEM") || w.contains("EPERM"), w);
        assertTrue(w.contains("CAP_IPC_LOCK"), w);
        assertTrue(w.contains("LimitMEMLOCK=infinity"), w);
        assertTrue(w.contains("ulimit -l"), w);
        assertTrue(w.contains("65536/65536"), w);
        assertEquals(List.of("false"), lines("LOCKED"));
        assertEquals(List.of("true"), lines("STILL-RUNNING"));
    }
}
