package io.afferent.dist;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The systemd unit of the archive: its text, and a run under its user and capability settings. */
class ServiceUnitIT {
    private final Path dist = Dist.unpacked();

    private List<String> values(String key) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(dist.resolve("systemd/afferent.service"))) {
            if (l.startsWith(key + "=")) {
                out.add(l.substring(key.length() + 1).trim());
            }
        }
        return out;
    }

    @Test
    void unitTextPassesSystemdAnalyzeVerify(@TempDir Path dir) throws IOException {
        assumeTrue(Dist.onPath("systemd-analyze"), "systemd-analyze not installed (apt-get install systemd)");
        // verify also checks that ExecStart's program exists: point it at the archive's launcher.
        String unit = Files.readString(dist.resolve("systemd/afferent.service"))
                .replace("/opt/afferent/bin/afferent", dist.resolve("bin/afferent").toString());
        Path copy = dir.resolve("afferent.service");
        Files.writeString(copy, unit);
        Dist.Result r = Dist.run(List.of("systemd-analyze", "verify", copy.toString()), Map.of(), dir, 120);
        assertEquals(0, r.code(), r.all());
        assertEquals("", r.err().strip(), "no warnings");
    }

    @Test
    void grantsOnlyTheTwoRealTimeCapabilities() throws IOException {
        assertEquals(List.of("CAP_SYS_NICE CAP_IPC_LOCK"), values("AmbientCapabilities"));
        assertEquals(List.of("CAP_SYS_NICE CAP_IPC_LOCK"), values("CapabilityBoundingSet"));
        assertEquals(List.of("yes"), values("NoNewPrivileges"));
        assertEquals(List.of("afferent"), values("User"));
        assertEquals(List.of("/opt/afferent/bin/afferent run /etc/afferent/robot.yaml --report-dir /var/lib/afferent/reports"),
                values("ExecStart"), "runs the archive's launcher, never a build");
        assertTrue(values("Environment").contains("LANG=C.UTF-8"));
    }

    /**
     * systemd is not PID 1 here, so the unit's privilege settings are reproduced with setpriv: a non-root user,
     * the unit's capabilities as ambient, inheritable and bounding set, no new privileges. The rt profile must
     * still get SCHED_FIFO and mlockall, as summary.json reports them (read back from the kernel).
     */
    @Test
    void aRunUnderTheUnitsPrivilegesGetsSchedFifoAndMlockall(@TempDir Path tmp) throws IOException {
        runRtProfileAsTheUnit(tmp, List.of());
    }

    /**
     * The same run under the unit's system call filter as well: the allow list is the unit's SystemCallFilter=
     * lines expanded with systemd-analyze's own groups, loaded with libseccomp (python3-seccomp), every other
     * call failing with EPERM as SystemCallErrorNumber=EPERM makes it.
     */
    @Test
    void andUnderTheUnitsSystemCallFilter(@TempDir Path tmp) throws IOException {
        assumeTrue(Dist.onPath("systemd-analyze"), "systemd-analyze not installed");
        assumeTrue(Dist.run(List.of("python3", "-c", "import seccomp"), Map.of(), tmp, 30).code() == 0,
                "python3-seccomp not installed");
        Path allowed = tmp.resolve("allowed-syscalls");
        Files.write(allowed, allowedSyscalls(tmp));
        Path wrapper = Path.of("target/test-classes/seccomp-exec.py").toAbsolutePath();
        runRtProfileAsTheUnit(tmp, List.of("python3", wrapper.toString(), allowed.toString()));
    }

    /** SystemCallFilter= lines of the unit: allow lists are joined, ~deny lists taken out, groups expanded. */
    private List<String> allowedSyscalls(Path tmp) throws IOException {
        Dist.Result groups = Dist.run(List.of("systemd-analyze", "syscall-filter"), Map.of(), tmp, 60);
        assertEquals(0, groups.code(), groups.all());
        Map<String, List<String>> members = new java.util.HashMap<>();
        List<String> current = null;
        for (String line : groups.out().lines().toList()) {
            if (line.startsWith("@")) {
                current = new ArrayList<>();
                members.put(line.strip().split("\\s+")[0], current);
            } else if (current != null && !line.isBlank() && !line.strip().startsWith("#")) {
                current.add(line.strip());
            }
        }
        java.util.Set<String> allow = new java.util.TreeSet<>();
        java.util.Set<String> deny = new java.util.TreeSet<>();
        List<String> filters = values("SystemCallFilter");
        assertTrue(!filters.isEmpty(), "the unit filters system calls");
        for (String f : filters) {
            boolean negated = f.startsWith("~");
            for (String name : (negated ? f.substring(1) : f).split("\\s+")) {
                (negated ? deny : allow).addAll(expand(name, members, new java.util.HashSet<>()));
            }
        }
        allow.removeAll(deny);
        assertTrue(allow.contains("sched_setscheduler") && allow.contains("mlockall"), "the real-time calls stay allowed");
        return new ArrayList<>(allow);
    }

    private static java.util.Set<String> expand(String name, Map<String, List<String>> members, java.util.Set<String> seen) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        if (!name.startsWith("@")) {
            out.add(name);
        } else if (seen.add(name)) {
            assertTrue(members.containsKey(name), "systemd-analyze knows " + name);
            for (String m : members.get(name)) {
                out.addAll(expand(m, members, seen));
            }
        }
        return out;
    }

    private void runRtProfileAsTheUnit(Path tmp, List<String> wrapper) throws IOException {
        assumeTrue(Dist.isRoot() && Dist.onPath("setpriv"), "needs root to drop to another user with setpriv");
        List<String> caps = Arrays.stream(values("AmbientCapabilities").getFirst().split(" "))
                .map(c -> c.replaceFirst("^CAP_", "").toLowerCase(Locale.ROOT)).toList();
        String set = "-all," + String.join(",", caps.stream().map(c -> "+" + c).toList());
        Path reports = Files.createDirectories(tmp.resolve("reports"));
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(reports, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=" + set, "--ambient-caps=" + set, "--bounding-set=" + set, "--no-new-privs"));
        cmd.addAll(wrapper);
        cmd.addAll(List.of(dist.resolve("bin/afferent").toString(), "run",
                dist.resolve("config/profiles/sim-laptop-rt.yaml").toString(), "--duration", "3s",
                "--report-dir", reports.toString()));
        Dist.Result r = Dist.run(cmd, Map.of("JAVA_HOME", Dist.JAVA_HOME, "HOME", tmp.toString(), "LANG", "C.UTF-8"), tmp, 180);
        assertEquals(0, r.code(), r.all());
        JsonNode s = LauncherIT.onlySummary(reports);
        JsonNode threads = s.get("threads");
        assertEquals("SCHED_FIFO", threads.get("reader-imu").get("policy").asText(), threads.toString());
        assertEquals(80, threads.get("reader-imu").get("priority").asInt());
        assertEquals("SCHED_FIFO", threads.get("stage-fusion").get("policy").asText());
        assertEquals("locked (mlockall)", s.get("settings").get("lock_memory").asText(), s.get("settings").toString());
        assertEquals(0, s.get("errors").size(), s.get("errors").toString());
    }
}
