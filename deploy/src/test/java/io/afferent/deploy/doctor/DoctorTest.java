package io.afferent.deploy.doctor;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.afferent.deploy.doctor.CheckResult.Status.FAIL;
import static io.afferent.deploy.doctor.CheckResult.Status.PASS;
import static io.afferent.deploy.doctor.CheckResult.Status.SKIP;
import static io.afferent.deploy.doctor.CheckResult.Status.WARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every check against a fake /proc, /sys, /dev and /etc in a temporary directory. */
class DoctorTest {
    private static final String NO_CAPS = "0000000000000000";
    private static final String ALL_CAPS = "000001ffffffffff";

    @TempDir
    Path root;

    /** Devices this fake process may not open, by file name. */
    private final Set<String> denied = new java.util.HashSet<>();

    private final DeviceAccess access = new DeviceAccess() {
        @Override
        public boolean canReadWrite(Path device) {
            return Files.exists(device) && !denied.contains(device.getFileName().toString());
        }

        @Override
        public Optional<String> group(Path device) {
            return Optional.of(device.getFileName().toString().startsWith("gpio") ? "gpio" : "dialout");
        }
    };

    @BeforeEach
    void plainUser() throws IOException {
        write("/proc/self/status", "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nGroups:\t1000 20\n"
                + "CapEff:\t" + NO_CAPS + "\n");
        write("/proc/self/limits", """
                Limit                     Soft Limit           Hard Limit           Units
                Max locked memory         8388608              8388608              bytes
                Max realtime priority     0                    0
                """);
        write("/etc/group", "root:x:0:\ndialout:x:20:robot\ngpio:x:997:\nrobot:x:1000:\n");
        write("/proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
        write("/proc/cmdline", "console=ttyS0 root=/dev/vda\n");
        write("/proc/sys/kernel/version", "#1 SMP PREEMPT_DYNAMIC @0\n");
        write("/proc/sys/kernel/osrelease", "6.18.44\n");
    }

    private void write(String absolute, String text) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private Doctor doctor() {
        return new Doctor(root, 25, access, 80);
    }

    @Test
    void kernelPreemptionModel() throws IOException {
        CheckResult dynamic = doctor().kernel();
        assertEquals(WARN, dynamic.status());
        assertTrue(dynamic.detail().contains("PREEMPT_DYNAMIC"), dynamic.detail());
        write("/sys/kernel/debug/sched/preempt", "none (voluntary) full lazy\n");
        assertTrue(doctor().kernel().fix().contains("preempt=full"));
        write("/proc/sys/kernel/version", "#1 SMP PREEMPT_RT Debian 6.12.57-1\n");
        assertEquals(PASS, doctor().kernel().status());
        write("/proc/sys/kernel/version", "#1 SMP PREEMPT_DYNAMIC\n");
        write("/sys/kernel/realtime", "1\n");
        assertEquals(PASS, doctor().kernel().status());
    }

    @Test
    void governorNotExposedIsSkippedAndOndemandWarns() throws IOException {
        assertEquals(SKIP, doctor().governor().status());
        assertTrue(doctor().governor().detail().contains("not exposed"));
        write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
        write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "ondemand\n");
        CheckResult r = doctor().governor();
        assertEquals(WARN, r.status());
        assertTrue(r.detail().contains("cpu1=ondemand"), r.detail());
        write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "performance\n");
        assertEquals(PASS, doctor().governor().status());
    }

    @Test
    void isolatedCpusFromSysAndCmdline() throws IOException {
        write("/sys/devices/system/cpu/isolated", "\n");
        assertEquals(WARN, doctor().isolatedCpus().status());
        write("/sys/devices/system/cpu/isolated", "2-3\n");
        write("/proc/cmdline", "isolcpus=2-3 nohz_full=2-3 rcu_nocbs=2-3\n");
        CheckResult r = doctor().isolatedCpus();
        assertEquals(PASS, r.status());
        assertTrue(r.detail().contains("isolcpus=2-3 nohz_full=2-3"), r.detail());
        assertTrue(r.detail().contains("cpus: [3]"), r.detail());
    }

    @Test
    void limitsAndCapabilitiesOfAPlainUser() throws IOException {
        Doctor d = doctor();
        long caps = d.capEff();
        assertEquals(WARN, d.capabilities(caps).status());
        CheckResult rt = d.rtprio(caps);
        assertEquals(WARN, rt.status());
        assertTrue(rt.detail().contains("0/0"), rt.detail());
        assertTrue(rt.fix().contains("LimitRTPRIO=80"), rt.fix());
        CheckResult mem = d.memlock(caps);
        assertEquals(WARN, mem.status());
        assertTrue(mem.fix().contains("LimitMEMLOCK=infinity"), mem.fix());

        write("/proc/self/limits", """
                Max locked memory         unlimited            unlimited            bytes
                Max realtime priority     95                   95
                """);
        assertEquals(PASS, doctor().rtprio(caps).status());
        assertEquals(PASS, doctor().memlock(caps).status());
    }

    @Test
    void capabilitiesAreDecodedFromCapEff() throws IOException {
        write("/proc/self/status", "Uid:\t0\t0\t0\t0\nCapEff:\t" + ALL_CAPS + "\n");
        Doctor d = doctor();
        long caps = d.capEff();
        assertTrue(Doctor.has(caps, Doctor.CAP_SYS_NICE));
        assertTrue(Doctor.has(caps, Doctor.CAP_IPC_LOCK));
        assertEquals(PASS, d.capabilities(caps).status());
        assertEquals(PASS, d.rtprio(caps).status(), "CAP_SYS_NICE makes RLIMIT_RTPRIO irrelevant");
        // Only CAP_SYS_NICE (bit 23).
        write("/proc/self/status", "CapEff:\t0000000000800000\n");
        long nice = doctor().capEff();
        assertTrue(Doctor.has(nice, Doctor.CAP_SYS_NICE));
        assertEquals(WARN, doctor().capabilities(nice).status());
        assertTrue(doctor().capabilities(nice).fix().contains("CAP_IPC_LOCK"));
    }

    @Test
    void swapWarnsWhenActive() throws IOException {
        assertEquals(PASS, doctor().swap().status());
        write("/proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n/var/swap\tfile\t102396\t0\t-2\n");
        CheckResult r = doctor().swap();
        assertEquals(WARN, r.status());
        assertTrue(r.detail().contains("/var/swap"));
    }

    @Test
    void pwmPassesWithAChipAndOtherwiseNamesTheOverlay() throws IOException {
        assertEquals(SKIP, doctor().pwm().status(), "no GPIO: not a Pi");
        write("/dev/gpiochip0", "");
        CheckResult none = doctor().pwm();
        assertEquals(WARN, none.status());
        assertTrue(none.fix().contains("dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4")
                && none.fix().contains("/boot/firmware/config.txt"), none.fix());
        write("/sys/class/pwm/pwmchip0/npwm", "2\n");
        CheckResult chip = doctor().pwm();
        assertEquals(PASS, chip.status());
        assertEquals("pwmchip0 (2 channels)", chip.detail());
    }

    @Test
    void gpioFailsOnlyWhenTheProfileNeedsIt() throws IOException {
        assertEquals(SKIP, doctor().gpio(false).status());
        assertEquals(FAIL, doctor().gpio(true).status());
        write("/dev/gpiochip0", "");
        assertEquals(PASS, doctor().gpio(true).status());
        denied.add("gpiochip0");
        CheckResult r = doctor().gpio(true);
        assertEquals(FAIL, r.status());
        assertTrue(r.fix().contains("usermod -aG gpio"), r.fix());
        assertEquals(WARN, doctor().gpio(false).status());
    }

    @Test
    void serialDevicesThroughByIdLinksWithLatencyTimer() throws IOException {
        write("/dev/ttyUSB0", "");
        Path byId = root.resolve("dev/serial/by-id/usb-FTDI_FT232R-if00-port0");
        Files.createDirectories(byId.getParent());
        Files.createSymbolicLink(byId, Path.of("/dev/ttyUSB0")); // absolute, as udev makes it: resolved in the root
        write("/sys/bus/usb-serial/devices/ttyUSB0/latency_timer", "16\n");
        Path device = Path.of("/dev/serial/by-id/usb-FTDI_FT232R-if00-port0");

        assertEquals(PASS, doctor().serial(device).status());
        CheckResult timer = doctor().latencyTimer(device);
        assertEquals(WARN, timer.status());
        assertTrue(timer.name().contains("ttyUSB0"));
        assertTrue(timer.fix().contains("latency_timer"), timer.fix());
        write("/sys/bus/usb-serial/devices/ttyUSB0/latency_timer", "1\n");
        assertEquals(PASS, doctor().latencyTimer(device).status());

        denied.add("ttyUSB0");
        CheckResult noAccess = doctor().serial(device);
        assertEquals(FAIL, noAccess.status());
        assertTrue(noAccess.fix().contains("usermod -aG dialout"), noAccess.fix());
        assertEquals(FAIL, doctor().serial(Path.of("/dev/ttyACM7")).status());
    }

    @Test
    void groupMembershipForANonRootUser() {
        assertEquals(PASS, doctor().groups(true, false).status(), "gid 20 is dialout");
        CheckResult r = doctor().groups(true, true);
        assertEquals(WARN, r.status());
        assertTrue(r.detail().contains("not in gpio"), r.detail());
    }

    @Test
    void jdkBelow25Fails() {
        assertEquals(PASS, doctor().jdk().status());
        assertEquals(FAIL, new Doctor(root, 21, access, 80).jdk().status());
    }

    @Test
    void aWholeRunOnAFakeMachine() throws IOException {
        write("/dev/ttyUSB0", "");
        List<CheckResult> results = doctor().run(List.of(Path.of("/dev/ttyUSB0")), false);
        assertTrue(results.stream().noneMatch(r -> r.status() == FAIL), results::toString);
        assertTrue(results.stream().anyMatch(r -> r.name().equals("serial /dev/ttyUSB0")));
        assertTrue(results.stream().anyMatch(r -> r.name().equals("jdk")));
    }
}
