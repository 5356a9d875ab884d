package io.afferent.telemetry;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Who is publishing: the host, Afferent's version, the profile's name and when the run started; the
 * identity carried by every {@code status} message. Immutable.
 */
public record RunInfo(String host, String version, String profile, Instant startedAt, long pid) {
    /** With this machine's host name and this process's id. */
    public static RunInfo of(String version, String profile, Instant startedAt) {
        return new RunInfo(hostName(), version, profile, startedAt, ProcessHandle.current().pid());
    }

    /** This machine's name: /etc/hostname, else $HOSTNAME, else what the resolver says (which may need DNS). */
    public static String hostName() {
        try {
            String s = Files.readString(Path.of("/etc/hostname")).trim();
            if (!s.isEmpty()) return s;
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
