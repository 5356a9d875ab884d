package io.afferent.deploy.doctor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code /proc}, {@code /sys}, {@code /dev} and {@code /etc} under a root directory: {@code /} in production, a
 * fake tree in tests. Stateless; thread-safe.
 */
final class SystemFiles {
    private final Path root;

    SystemFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** {@code /proc/cmdline} → {@code <root>/proc/cmdline}. */
    Path resolve(String absolute) {
        String rel = absolute.startsWith("/") ? absolute.substring(1) : absolute;
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    Optional<String> read(String absolute) {
        try {
            return Optional.of(Files.readString(resolve(absolute)));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The value of a {@code Key:\tvalue} line of a /proc status-like file. */
    Optional<String> field(String absolute, String key) {
        return read(absolute).flatMap(text -> text.lines().filter(l -> l.startsWith(key + ":"))
                .map(l -> l.substring(key.length() + 1).trim()).findFirst());
    }

    /** Entries of a directory whose names match a glob, sorted; empty when absent. */
    List<Path> list(String absoluteDir, String glob) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(resolve(absoluteDir), glob)) {
            ds.forEach(out::add);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    /** Follows symbolic links (absolute ones inside the root) to the real device node; at most 16 hops. */
    Path followLinks(Path path) {
        Path p = path;
        for (int i = 0; i < 16 && Files.isSymbolicLink(p); i++) {
            try {
                Path target = Files.readSymbolicLink(p);
                p = target.isAbsolute() ? resolve(target.toString()) : p.getParent().resolve(target).normalize();
            } catch (IOException e) {
                return p;
            }
        }
        return p;
    }
}
