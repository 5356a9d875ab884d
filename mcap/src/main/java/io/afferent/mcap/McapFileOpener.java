package io.afferent.mcap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a file for {@link McapWriter#open}: checks the directory, free space and an existing file first,
 * and turns every refusal into a {@link McapWriteException} that says why in words.
 */
final class McapFileOpener {
    private McapFileOpener() {
    }

    static McapWriter open(Path file, McapWriterOptions options) throws McapWriteException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        String what = "cannot record to " + abs + ": ";
        if (dir == null || !Files.isDirectory(dir)) {
            throw new McapWriteException(what + (dir != null && Files.exists(dir) ? "parent " + dir
                    + " is not a directory" : "directory " + dir + " does not exist"));
        }
        if (!Files.isWritable(dir)) {
            throw new McapWriteException(what + "directory " + dir + " is not writable");
        }
        try {
            long usable = Files.getFileStore(dir).getUsableSpace();
            if (usable < options.minFreeBytes()) {
                throw new McapWriteException(what + "only " + mib(usable) + " free on the file system of " + dir
                        + ", at least " + mib(options.minFreeBytes()) + " required (minFreeBytes)");
            }
        } catch (McapWriteException e) {
            throw e;
        } catch (IOException e) {
            // A file store that cannot be asked (a device file, for one): the first write below decides.
        }
        boolean existed = Files.exists(abs);
        OpenOption[] open = options.overwrite()
                ? new OpenOption[]{StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING}
                : new OpenOption[]{StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
        FileChannel ch;
        try {
            ch = FileChannel.open(abs, open);
        } catch (FileAlreadyExistsException e) {
            throw new McapWriteException(what + "the file already exists (remove it or choose another name)", e);
        } catch (AccessDeniedException e) {
            throw new McapWriteException(what + "permission denied", e);
        } catch (NoSuchFileException e) {
            throw new McapWriteException(what + "directory " + dir + " does not exist", e);
        } catch (FileSystemException e) {
            throw new McapWriteException(what + (e.getReason() != null ? e.getReason() : e.toString()), e);
        } catch (IOException e) {
            throw new McapWriteException(what + e.getMessage(), e);
        }
        try {
            return new McapWriter(ch, ch, abs.toString(), options);
        } catch (IOException e) {
            McapSink.closeQuietly(ch);
            if (!existed && Files.isRegularFile(abs)) {
                try {
                    Files.deleteIfExists(abs);
                } catch (IOException ignored) {
                    // The open error below is the one to report.
                }
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new McapWriteException(what + "the first write failed: " + cause.getMessage(), cause);
        }
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
