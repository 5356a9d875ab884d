package io.afferent.dist;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the archive holds, checked against the sources it was built from. */
class ArchiveContentsIT {
    private final Path dist = Dist.unpacked();

    @Test
    void launcherAndInstallerAreExecutableAndTheVersionIsStamped() throws IOException {
        for (String exe : List.of("bin/afferent", "install.sh")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dist.resolve(exe));
            assertTrue(perms.contains(PosixFilePermission.OTHERS_EXECUTE), exe + " is executable: " + perms);
        }
        assertTrue(Files.isRegularFile(dist.resolve("lib/find-jdk.sh")), "the launcher's JDK search");
        String version = Files.readString(dist.resolve("VERSION")).trim();
        assertEquals(Dist.NAME, "afferent-" + version);
        for (String doc : List.of("README.md", "THIRD-PARTY.md", "VERSION")) {
            String text = Files.readString(dist.resolve(doc));
            assertFalse(text.contains("${"), doc + " has every property filled in");
        }
    }

    @Test
    void libHoldsExactlyDeploysRuntimeClasspath() throws IOException {
        // deploy/target/dist/lib is deploy's own copy of its runtime classpath (copy-dependencies + its jar).
        assertEquals(Dist.names(Dist.REPO.resolve("deploy/target/dist/lib"), ".jar"), Dist.names(dist.resolve("lib"), ".jar"));
    }

    @Test
    void shipsTheProfilesTheUnitAndTheUdevRulesUnchanged() throws IOException {
        List<String> profiles = Dist.names(Dist.REPO.resolve("config/profiles"), ".yaml");
        assertFalse(profiles.isEmpty());
        assertEquals(profiles, Dist.names(dist.resolve("config/profiles"), ".yaml"));
        for (String p : profiles) {
            assertArrayEquals(Files.readAllBytes(Dist.REPO.resolve("config/profiles").resolve(p)),
                    Files.readAllBytes(dist.resolve("config/profiles").resolve(p)), p);
        }
        assertArrayEquals(Files.readAllBytes(Dist.REPO.resolve("deploy/systemd/afferent.service")),
                Files.readAllBytes(dist.resolve("systemd/afferent.service")));
        assertArrayEquals(Files.readAllBytes(Dist.REPO.resolve("deploy/udev/60-afferent.rules")),
                Files.readAllBytes(dist.resolve("udev/60-afferent.rules")));
    }

    @Test
    void everyBundledJarIsNamedInTheThirdPartyNotice() throws IOException {
        String notice = Files.readString(dist.resolve("THIRD-PARTY.md"));
        List<String> missing = new ArrayList<>();
        for (String jar : Dist.names(dist.resolve("lib"), ".jar")) {
            if (jar.startsWith("afferent-")) {
                continue;
            }
            String artifact = jar.replaceFirst("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", "");
            if (!notice.contains(artifact)) {
                missing.add(jar);
            }
        }
        assertEquals(List.of(), missing, "jars bundled without a licence entry in THIRD-PARTY.md");
        for (String text : List.of("Apache-2.0.txt", "LGPL-2.1.txt", "LGPL-3.txt", "GPL-3.txt")) {
            assertTrue(Files.size(dist.resolve("licenses").resolve(text)) > 1000, text);
        }
        assertTrue(Files.isRegularFile(dist.resolve("licenses/bundled/pi4j-core/NOTICE.txt")), "Pi4J's NOTICE (Apache-2.0 §4d)");
        assertTrue(Files.isRegularFile(dist.resolve("licenses/bundled/jackson-core/META-INF/NOTICE")), "Jackson's NOTICE");
    }

    /** ELF e_machine of the native libraries for the boards the README names. */
    @Test
    void carriesTheNativeLibrariesForAarch64Armv7AndX8664() throws IOException {
        Map<String, Integer> jserialcomm = new TreeMap<>(Map.of(
                "Linux/armv8_64/libjSerialComm.so", ELF_AARCH64,
                "Linux/armv7hf/libjSerialComm.so", ELF_ARM,
                "Linux/armv6hf/libjSerialComm.so", ELF_ARM,
                "Linux/x86_64/libjSerialComm.so", ELF_X86_64));
        assertNatives(onlyJar("jSerialComm-"), jserialcomm);
        assertNatives(onlyJar("pi4j-library-gpiod-"), Map.of(
                "lib/aarch64/pi4j-gpiod/libpi4j-gpiod.so", ELF_AARCH64,
                "lib/aarch64/pi4j-gpiod/libgpiod.so", ELF_AARCH64,
                "lib/armhf/pi4j-gpiod/libpi4j-gpiod.so", ELF_ARM,
                "lib/armhf/pi4j-gpiod/libgpiod.so", ELF_ARM));
    }

    private static final int ELF_ARM = 40;
    private static final int ELF_X86_64 = 62;
    private static final int ELF_AARCH64 = 183;

    private Path onlyJar(String prefix) throws IOException {
        List<String> jars = Dist.names(dist.resolve("lib"), ".jar").stream().filter(n -> n.startsWith(prefix)).toList();
        assertEquals(1, jars.size(), prefix + "*.jar in lib/: " + jars);
        return dist.resolve("lib").resolve(jars.getFirst());
    }

    private static void assertNatives(Path jar, Map<String, Integer> expected) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                ZipEntry entry = zip.getEntry(e.getKey());
                assertNotNull(entry, jar.getFileName() + " has " + e.getKey());
                byte[] head = new byte[20];
                try (InputStream in = zip.getInputStream(entry)) {
                    assertEquals(20, in.readNBytes(head, 0, 20));
                }
                assertTrue(head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F', e.getKey() + " is ELF");
                int machine = (head[18] & 0xff) | (head[19] & 0xff) << 8;
                assertEquals(e.getValue(), machine, e.getKey() + " machine");
            }
        }
    }
}
