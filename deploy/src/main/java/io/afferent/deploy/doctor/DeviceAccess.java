package io.afferent.deploy.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;

/** Whether this process may open a device read-write, and the device's group; replaceable in tests. */
public interface DeviceAccess {
    boolean canReadWrite(Path device);

    Optional<String> group(Path device);

    /** The real answer for this process (root can open everything). */
    DeviceAccess SYSTEM = new DeviceAccess() {
        @Override
        public boolean canReadWrite(Path device) {
            return Files.isReadable(device) && Files.isWritable(device);
        }

        @Override
        public Optional<String> group(Path device) {
            try {
                return Optional.of(Files.readAttributes(device, PosixFileAttributes.class).group().getName());
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return Optional.empty();
            }
        }
    };
}
