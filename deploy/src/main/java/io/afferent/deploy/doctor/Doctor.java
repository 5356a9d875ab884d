package io.afferent.deploy.doctor;

import io.afferent.drivers.gpio.HardwarePwm;
import io.afferent.runtime.rt.CpuList;
import io.afferent.runtime.rt.RtAdvice;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks behind {@code afferent doctor}, reading the machine through {@link SystemFiles} so that tests can point
 * them at a fake {@code /proc} and {@code /sys}. Stateless apart from its inputs; one caller at a time.
 */
public final class Doctor {
    static final int CAP_IPC_LOCK = 14;
    static final int CAP_SYS_NICE = 23;
    static final int MIN_JDK = 25;
    private static final String MISSING = "does not exist";

    private final SystemFiles files;
    private final int jdkFeature;
    private final DeviceAccess access;
    private final int rtPriority;

    /**
     * @param root       {@code /} on a real machine
     * @param jdkFeature {@code Runtime.version().feature()}
     * @param access     how to test device access ({@link DeviceAccess#SYSTEM})
     * @param rtPriority the SCHED_FIFO priority the profile wants, for the RLIMIT_RTPRIO check (e.g. 80)
     */
    public Doctor(Path root, int jdkFeature, DeviceAccess access, int rtPriority) {
        this.files = new SystemFiles(root);
        this.jdkFeature = jdkFeature;
        this.access = access;
        this.rtPriority = rtPriority;
    }

    /** This machine, this JVM. */
    public static Doctor forThisMachine(int rtPriority) {
        return new Doctor(Path.of("/"), Runtime.version().feature(), DeviceAccess.SYSTEM, rtPriority);
    }

    /** Every check, for a profile that reads {@code serialDevices} and, if {@code needsGpio}, GPIO. */
    public List<CheckResult> run(List<Path> serialDevices, boolean needsGpio) {
        List<CheckResult> results = new ArrayList<>();
        results.add(kernel());
        results.add(governor());
        results.add(isolatedCpus());
        long capEff = capEff();
        results.add(capabilities(capEff));
        results.add(rtprio(capEff));
        results.add(memlock(capEff));
        results.add(swap());
        results.add(gpio(needsGpio));
        results.add(pwm());
        for (Path device : serialDevices) {
            CheckResult access = serial(device);
            results.add(access);
            if (!MISSING.equals(access.detail())) {
                results.add(latencyTimer(device));
            }
        }
        results.add(groups(!serialDevices.isEmpty(), needsGpio));
        results.add(jdk());
        return results;
    }

    CheckResult kernel() {
        String version = files.read("/proc/sys/kernel/version").map(String::trim).orElse("");
        String realtime = files.read("/sys/kernel/realtime").map(String::trim).orElse("");
        String release = files.read("/proc/sys/kernel/osrelease").map(String::trim).orElse("");
        String what = (release.isEmpty() ? "" : release + " ") + version;
        if ("1".equals(realtime) || version.contains("PREEMPT_RT")) {
            return CheckResult.pass("kernel", "PREEMPT_RT (" + what + ")");
        }
        String fix = "for a bounded worst case install a PREEMPT_RT kernel (Debian: linux-image-rt-amd64 or "
                + "linux-image-rt-arm64; Raspberry Pi: a kernel built with CONFIG_PREEMPT_RT, mainline since 6.12)";
        if (version.contains("PREEMPT_DYNAMIC")) {
            Optional<String> mode = files.read("/sys/kernel/debug/sched/preempt").flatMap(Doctor::selectedMode);
            String m = mode.map(x -> ", mode " + x).orElse("");
            return CheckResult.warn("kernel", "PREEMPT_DYNAMIC" + m + ", not PREEMPT_RT (" + what
                            + "): wake-ups are usually fast, but the worst case under load reaches milliseconds",
                    (mode.isPresent() && !"full".equals(mode.get()) ? "boot with preempt=full; " : "") + fix);
        }
        if (version.contains("PREEMPT")) {
            return CheckResult.warn("kernel", "PREEMPT (low-latency desktop), not PREEMPT_RT (" + what + ")", fix);
        }
        return CheckResult.warn("kernel", "no kernel preemption, not PREEMPT_RT (" + what + "): wake-ups may wait "
                + "for long kernel paths", fix);
    }

    /** {@code none voluntary (full) lazy} → {@code full}. */
    private static Optional<String> selectedMode(String text) {
        Matcher m = Pattern.compile("\\((\\w+)\\)").matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    CheckResult governor() {
        List<String> notPerformance = new ArrayList<>();
        int seen = 0;
        for (Path cpu : files.list("/sys/devices/system/cpu", "cpu[0-9]*")) {
            Path gov = cpu.resolve("cpufreq/scaling_governor");
            if (!Files.isRegularFile(gov)) {
                continue;
            }
            seen++;
            String g;
            try {
                g = Files.readString(gov).trim();
            } catch (Exception e) {
                g = "unreadable";
            }
            if (!"performance".equals(g)) {
                notPerformance.add(cpu.getFileName() + "=" + g);
            }
        }
        if (seen == 0) {
            return CheckResult.skip("cpu governor", "not exposed (no cpufreq under /sys: typical in a VM, where the "
                    + "host sets the frequency)");
        }
        if (notPerformance.isEmpty()) {
            return CheckResult.pass("cpu governor", "performance on all " + seen + " CPUs");
        }
        return CheckResult.warn("cpu governor", String.join(", ", notPerformance) + ": frequency changes add "
                        + "latency after idle",
                "echo performance | sudo tee /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor (persist it with "
                        + "a systemd unit or cpufrequtils GOVERNOR=\"performance\")");
    }

    CheckResult isolatedCpus() {
        String isolated = files.read("/sys/devices/system/cpu/isolated").map(String::trim).orElse("");
        String cmdline = files.read("/proc/cmdline").orElse("");
        String isolcpus = param(cmdline, "isolcpus");
        String nohz = param(cmdline, "nohz_full");
        String boot = (isolcpus.isEmpty() ? "" : " isolcpus=" + isolcpus) + (nohz.isEmpty() ? "" : " nohz_full=" + nohz);
        if (!isolated.isEmpty()) {
            return CheckResult.pass("isolated cpus", "CPUs " + isolated + " isolated (" + boot.trim()
                    + "); pin readers there with cpus: [" + CpuList.parse(isolated).getLast() + "]");
        }
        String fix = "reserve a CPU for readers: add 'isolcpus=N nohz_full=N rcu_nocbs=N' (N = the last CPU) to "
                + "/boot/firmware/cmdline.txt on a Pi or GRUB_CMDLINE_LINUX in /etc/default/grub, reboot, and pin "
                + "the readers to N";
        return CheckResult.warn("isolated cpus", "none" + (nohz.isEmpty() ? "" : " (nohz_full=" + nohz + " only)")
                + ": readers share every CPU with the rest of the system", fix);
    }

    private static String param(String cmdline, String name) {
        for (String token : cmdline.trim().split("\\s+")) {
            if (token.startsWith(name + "=")) {
                return token.substring(name.length() + 1);
            }
        }
        return "";
    }

    long capEff() {
        return files.field("/proc/self/status", "CapEff").map(v -> {
            try {
                return Long.parseUnsignedLong(v, 16);
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
    }

    static boolean has(long capEff, int cap) {
        return capEff >= 0 && (capEff & (1L << cap)) != 0;
    }

    CheckResult capabilities(long capEff) {
        if (capEff < 0) {
            return CheckResult.skip("capabilities", "CapEff not readable from /proc/self/status");
        }
        boolean nice = has(capEff, CAP_SYS_NICE);
        boolean lock = has(capEff, CAP_IPC_LOCK);
        String detail = "CAP_SYS_NICE " + (nice ? "yes" : "no") + ", CAP_IPC_LOCK " + (lock ? "yes" : "no")
                + String.format(Locale.ROOT, " (CapEff %016x)", capEff);
        if (nice && lock) {
            return CheckResult.pass("capabilities", detail);
        }
        return CheckResult.warn("capabilities", detail + "; without them the rlimits below decide",
                "systemd unit: AmbientCapabilities=" + (nice ? "" : "CAP_SYS_NICE ") + (lock ? "" : "CAP_IPC_LOCK")
                        + "; or sudo setcap " + (nice ? "" : "cap_sys_nice") + (nice || lock ? "" : ",")
                        + (lock ? "" : "cap_ipc_lock") + "+ep on the java binary");
    }

    /** {@code [soft, hard]} from /proc/self/limits, {@code Long.MAX_VALUE} for unlimited; null when unknown. */
    long[] limit(String name) {
        Optional<String> line = files.read("/proc/self/limits")
                .flatMap(t -> t.lines().filter(l -> l.startsWith(name)).findFirst());
        if (line.isEmpty()) {
            return null;
        }
        String[] f = line.get().substring(name.length()).trim().split("\\s+");
        try {
            return new long[] {value(f[0]), value(f[1])};
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long value(String v) {
        return "unlimited".equals(v) ? Long.MAX_VALUE : Long.parseLong(v);
    }

    private static String text(long v) {
        return v == Long.MAX_VALUE ? "unlimited" : Long.toString(v);
    }

    CheckResult rtprio(long capEff) {
        long[] l = limit("Max realtime priority");
        String lim = l == null ? "unknown" : text(l[0]) + "/" + text(l[1]) + " soft/hard";
        if (has(capEff, CAP_SYS_NICE)) {
            return CheckResult.pass("RLIMIT_RTPRIO", lim + "; not needed: CAP_SYS_NICE allows any priority");
        }
        if (l != null && l[0] >= rtPriority) {
            return CheckResult.pass("RLIMIT_RTPRIO", lim + ": SCHED_FIFO up to " + text(l[0]) + " allowed");
        }
        return CheckResult.warn("RLIMIT_RTPRIO", lim + ": SCHED_FIFO " + rtPriority + " will be refused and readers "
                + "fall back to SCHED_OTHER (an error with --strict-rt); this shell's limits apply, a systemd unit has "
                + "its own", RtAdvice.grantRealtimePriority(rtPriority));
    }

    CheckResult memlock(long capEff) {
        long[] l = limit("Max locked memory");
        String lim = l == null ? "unknown" : text(l[0]) + "/" + text(l[1]) + " bytes soft/hard";
        if (has(capEff, CAP_IPC_LOCK)) {
            return CheckResult.pass("RLIMIT_MEMLOCK", lim + "; not needed: CAP_IPC_LOCK allows mlockall");
        }
        if (l != null && l[0] == Long.MAX_VALUE) {
            return CheckResult.pass("RLIMIT_MEMLOCK", lim);
        }
        return CheckResult.warn("RLIMIT_MEMLOCK", lim + ": mlockall of a JVM (heap + code + metaspace) will fail "
                + "and memory stays unlocked", RtAdvice.grantMemoryLock());
    }

    CheckResult swap() {
        List<String> lines = files.read("/proc/swaps").map(t -> t.lines().skip(1).filter(l -> !l.isBlank()).toList())
                .orElse(null);
        if (lines == null) {
            return CheckResult.skip("swap", "/proc/swaps not readable");
        }
        if (lines.isEmpty()) {
            return CheckResult.pass("swap", "no swap");
        }
        List<String> names = lines.stream().map(l -> l.trim().split("\\s+")[0]).toList();
        return CheckResult.warn("swap", "active: " + String.join(", ", names) + ": an unlocked page swapped out "
                        + "stalls a reader for milliseconds",
                "lock memory (mlockall, see RLIMIT_MEMLOCK) or turn swap off: sudo swapoff -a (Raspberry Pi OS: "
                        + "sudo systemctl disable --now dphys-swapfile)");
    }

    CheckResult gpio(boolean needed) {
        List<Path> chips = files.list("/dev", "gpiochip*");
        if (chips.isEmpty()) {
            return needed ? CheckResult.fail("gpio", "no /dev/gpiochip* on this machine",
                    "run on a board with GPIO (Raspberry Pi) or use the simulated/mock GPIO provider")
                    : CheckResult.skip("gpio", "no /dev/gpiochip* (not needed by this profile)");
        }
        List<String> denied = new ArrayList<>();
        for (Path chip : chips) {
            if (!access.canReadWrite(chip)) {
                denied.add(chip.getFileName() + access.group(chip).map(g -> " (group " + g + ")").orElse(""));
            }
        }
        String names = String.join(", ", chips.stream().map(p -> p.getFileName().toString()).toList());
        if (denied.isEmpty()) {
            return CheckResult.pass("gpio", names + " read-write");
        }
        String group = access.group(chips.getFirst()).orElse("gpio");
        String detail = "no read-write access to " + String.join(", ", denied);
        String fix = "sudo usermod -aG " + group + " \"$USER\" and log in again";
        return needed ? CheckResult.fail("gpio", detail, fix) : CheckResult.warn("gpio", detail + " (not needed by "
                + "this profile)", fix);
    }

    /** The hardware PWM chip gpio-motors drives (a Pi only; an overlay enables it). */
    CheckResult pwm() {
        if (files.list("/dev", "gpiochip*").isEmpty()) {
            return CheckResult.skip("pwm", "no GPIO on this machine");
        }
        List<String> chips = new ArrayList<>();
        for (Path chip : files.list("/sys/class/pwm", "pwmchip*")) {
            String npwm = files.read("/sys/class/pwm/" + chip.getFileName() + "/npwm").map(String::trim).orElse("?");
            chips.add(chip.getFileName() + " (" + npwm + " channels)");
        }
        if (!chips.isEmpty()) {
            return CheckResult.pass("pwm", String.join(", ", chips));
        }
        return CheckResult.warn("pwm", "no hardware PWM chip in /sys/class/pwm: gpio-motors cannot drive its PWM pins"
                + " (not needed without motor outputs)", "add '" + HardwarePwm.OVERLAY
                + "' (the PWM pins you wired) to /boot/firmware/config.txt and reboot");
    }

    CheckResult serial(Path device) {
        String name = "serial " + device;
        Path p = files.resolve(device.toString());
        Path real = files.followLinks(p);
        if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
            return CheckResult.fail(name, MISSING, "plug the device in and check its name with "
                    + "'ls -l /dev/serial/by-id/' (prefer those stable names in the profile)");
        }
        if (!access.canReadWrite(real)) {
            String group = access.group(real).orElse("dialout");
            return CheckResult.fail(name, "no read-write access (device group " + group + ")",
                    "sudo usermod -aG " + group + " \"$USER\" and log in again");
        }
        String via = real.equals(p) ? "" : " (" + real.getFileName() + ")";
        return CheckResult.pass(name, "read-write" + via);
    }

    CheckResult latencyTimer(Path device) {
        Path real = files.followLinks(files.resolve(device.toString()));
        String tty = real.getFileName() == null ? device.toString() : real.getFileName().toString();
        String name = "latency_timer " + tty;
        Optional<String> value = files.read("/sys/bus/usb-serial/devices/" + tty + "/latency_timer")
                .or(() -> files.read("/sys/class/tty/" + tty + "/device/latency_timer"));
        if (value.isEmpty()) {
            return CheckResult.skip(name, "no latency_timer (not an FTDI-style USB-serial adapter; CDC-ACM and "
                    + "on-board UARTs have none)");
        }
        int ms;
        try {
            ms = Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            return CheckResult.skip(name, "unreadable value '" + value.get().trim() + "'");
        }
        if (ms <= 1) {
            return CheckResult.pass(name, ms + " ms");
        }
        return CheckResult.warn(name, ms + " ms: the adapter holds bytes up to " + ms + " ms before sending them",
                "echo 1 | sudo tee /sys/bus/usb-serial/devices/" + tty + "/latency_timer; persist with a udev rule: "
                        + "ACTION==\"add\", SUBSYSTEM==\"usb-serial\", DRIVER==\"ftdi_sio\", ATTR{latency_timer}=\"1\"");
    }

    CheckResult groups(boolean needsSerial, boolean needsGpio) {
        Optional<String> uid = files.field("/proc/self/status", "Uid").map(v -> v.split("\\s+")[1]);
        if (uid.isPresent() && "0".equals(uid.get())) {
            return CheckResult.pass("groups", "running as root (a service should run as its own user in dialout/gpio)");
        }
        Set<String> gids = new HashSet<>(Arrays.asList(files.field("/proc/self/status", "Groups").orElse("")
                .trim().split("\\s+")));
        Set<String> member = new HashSet<>();
        Set<String> existing = new HashSet<>();
        for (String line : files.read("/etc/group").orElse("").lines().toList()) {
            String[] f = line.split(":", -1);
            if (f.length >= 3) {
                existing.add(f[0]);
                if (gids.contains(f[2])) {
                    member.add(f[0]);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        if (needsSerial && !member.contains("dialout")) {
            missing.add("dialout");
        }
        if (needsGpio && existing.contains("gpio") && !member.contains("gpio")) {
            missing.add("gpio");
        }
        String detail = "member of " + (member.isEmpty() ? "no listed group" : String.join(", ", member.stream()
                .sorted().toList()));
        if (missing.isEmpty()) {
            return CheckResult.pass("groups", detail);
        }
        return CheckResult.warn("groups", detail + "; not in " + String.join(", ", missing),
                "sudo usermod -aG " + String.join(",", missing) + " \"$USER\" and log in again");
    }

    CheckResult jdk() {
        if (jdkFeature >= MIN_JDK) {
            return CheckResult.pass("jdk", "Java " + jdkFeature);
        }
        return CheckResult.fail("jdk", "Java " + jdkFeature + ", the runtime needs " + MIN_JDK + " or newer (FFM, "
                + "virtual-thread fixes)", "install a JDK " + MIN_JDK + " (e.g. Temurin 25 for aarch64 on a Pi) and "
                + "set JAVA_HOME to it");
    }
}
