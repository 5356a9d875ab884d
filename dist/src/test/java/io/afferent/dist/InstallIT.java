package io.afferent.dist;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * install.sh from the unpacked archive into a scratch root ({@code --root}): a container-like layout with
 * the account files, /etc/systemd/system and a JDK 25 (a link to the real one running these tests). Runs
 * as root, as the script requires (CI does).
 */
class InstallIT {
    private final Path dist = Dist.unpacked();
    @TempDir
    Path root;

    @BeforeEach
    void scratchRoot() throws IOException {
        assumeTrue(Dist.isRoot(), "install.sh needs root (useradd, chown)");
        Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\ndialout:x:20:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\ndialout:*::\n");
        Files.createDirectories(root.resolve("usr/lib/jvm"));
        Files.createSymbolicLink(root.resolve("usr/lib/jvm/java-25"), Path.of(Dist.JAVA_HOME));
    }

    private Dist.Result install(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(dist.resolve("install.sh").toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        return Dist.run(cmd, Map.of(), dist, 120);
    }

    private String line(String file, String name) throws IOException {
        return Files.readAllLines(root.resolve(file)).stream().filter(l -> l.startsWith(name + ":")).findFirst().orElse("");
    }

    /** Every file and directory under the root with its type, mode, owner, size, time and link target. */
    private Map<String, String> tree() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                out.put(root.relativize(p).toString(), a.get("mode") + " " + a.get("uid") + ":" + a.get("gid") + " "
                        + a.get("size") + " " + a.get("lastModifiedTime")
                        + (Files.isSymbolicLink(p) ? " -> " + Files.readSymbolicLink(p) : ""));
            }
        }
        return out;
    }

    @Test
    void installsEverythingThenASecondRunChangesNothingThenUninstallKeepsConfigAndReports() throws IOException {
        Dist.Result first = install();
        assertEquals(0, first.code(), first.all());
        String out = first.out();

        String passwd = line("etc/passwd", "afferent");
        assertTrue(passwd.contains(":/var/lib/afferent:/usr/sbin/nologin"), passwd);
        String uid = passwd.split(":")[2];
        assertTrue(Integer.parseInt(uid) < 1000, "a system user: " + passwd);
        assertTrue(line("etc/group", "dialout").matches("dialout:x:20:(.*,)?afferent(,.*)?"), line("etc/group", "dialout"));
        assertTrue(line("etc/group", "gpio").matches("gpio:x:\\d+:(.*,)?afferent(,.*)?"), "gpio created, with afferent in it");
        assertTrue(out.contains("created group gpio"), out);

        assertTrue(Files.isExecutable(root.resolve("opt/afferent/bin/afferent")));
        assertEquals(Dist.names(dist.resolve("lib"), ".jar"), Dist.names(root.resolve("opt/afferent/lib"), ".jar"));
        assertEquals(Files.readString(dist.resolve("config/profiles/sim-laptop.yaml")),
                Files.readString(root.resolve("etc/afferent/robot.yaml")), "the default profile of the service");
        assertEquals(Dist.names(dist.resolve("config/profiles"), ".yaml"), Dist.names(root.resolve("etc/afferent/profiles"), ".yaml"));
        assertEquals(Files.readString(dist.resolve("systemd/afferent.service")),
                Files.readString(root.resolve("etc/systemd/system/afferent.service")));
        assertEquals(Files.readString(dist.resolve("udev/60-afferent.rules")),
                Files.readString(root.resolve("etc/udev/rules.d/60-afferent.rules")));
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants/afferent.service");
        assertTrue(Files.isSymbolicLink(wants), "enabled");
        assertEquals(Path.of("/etc/systemd/system/afferent.service"), Files.readSymbolicLink(wants));
        Path reports = root.resolve("var/lib/afferent/reports");
        assertEquals(Integer.parseInt(uid), Files.getAttribute(reports, "unix:uid"), "reports owned by the service user");

        // Second run: nothing changes, on disk or in what it says.
        Map<String, String> before = tree();
        Dist.Result second = install();
        assertEquals(0, second.code(), second.all());
        assertTrue(second.out().contains("Nothing changed"), second.out());
        assertFalse(second.out().contains("done:"), second.out());
        assertEquals(before, tree(), "a second install touches nothing");

        // An edited profile is never overwritten; the user's robot.yaml neither.
        Path edited = root.resolve("etc/afferent/profiles/sim-gpio.yaml");
        Files.writeString(edited, "# my pins\n" + Files.readString(edited));
        Files.writeString(root.resolve("etc/afferent/robot.yaml"), "# my robot\n", java.nio.file.StandardOpenOption.APPEND);
        Dist.Result third = install();
        assertEquals(0, third.code(), third.all());
        assertTrue(Files.readString(edited).startsWith("# my pins"));
        assertTrue(Files.readString(root.resolve("etc/afferent/robot.yaml")).endsWith("# my robot\n"));
        assertEquals("Nothing changed: Afferent " + Files.readString(dist.resolve("VERSION")).trim()
                + " is already installed as above.", third.out().lines().filter(l -> l.startsWith("Nothing")).findFirst()
                .orElse(third.out()), "the edit is the user's business: nothing to change");

        Files.writeString(reports.resolve("kept.txt"), "a report");
        Dist.Result remove = install("--uninstall");
        assertEquals(0, remove.code(), remove.all());
        assertFalse(Files.exists(root.resolve("opt/afferent")));
        assertFalse(Files.exists(root.resolve("etc/systemd/system/afferent.service")));
        assertFalse(Files.exists(wants, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("etc/udev/rules.d/60-afferent.rules")));
        assertTrue(Files.exists(reports.resolve("kept.txt")), "reports kept");
        assertTrue(Files.readString(edited).startsWith("# my pins"), "configuration kept");
        assertNotEquals("", line("etc/passwd", "afferent"), "user kept without --purge");
        Dist.Result again = install("--uninstall");
        assertTrue(again.out().contains("Nothing to remove"), again.out());

        Dist.Result purge = install("--uninstall", "--purge");
        assertEquals(0, purge.code(), purge.all());
        assertFalse(Files.exists(root.resolve("etc/afferent")));
        assertFalse(Files.exists(root.resolve("var/lib/afferent")));
        assertEquals("", line("etc/passwd", "afferent"));
        assertEquals("", line("etc/group", "afferent"));
        assertTrue(line("etc/group", "dialout").startsWith("dialout:x:20:"), "system groups stay");
    }

    @Test
    void refusesWithoutJava25InTheTargetRoot() throws IOException {
        Files.delete(root.resolve("usr/lib/jvm/java-25"));
        Dist.Result r = install();
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("no Java 25 or newer found") && r.err().contains("apt-get install openjdk-25-jre-headless"), r.err());
        assertFalse(Files.exists(root.resolve("opt/afferent")), "nothing installed");
    }

    @Test
    void refusesWithoutSystemd() throws IOException {
        Files.delete(root.resolve("etc/systemd/system"));
        Files.delete(root.resolve("etc/systemd"));
        Dist.Result r = install();
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("systemd not found"), r.err());
        assertFalse(Files.exists(root.resolve("opt/afferent")), "nothing installed");
    }

    @Test
    void refusesWhenNotRoot() throws IOException {
        assumeTrue(Dist.onPath("setpriv"));
        Dist.Result r = Dist.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                dist.resolve("install.sh").toString(), "--root", root.toString()), Map.of(), Path.of("/"), 60);
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("must run as root"), r.err());
    }
}
