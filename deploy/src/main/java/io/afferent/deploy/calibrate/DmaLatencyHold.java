package io.afferent.deploy.calibrate;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Holds {@code /dev/cpu_dma_latency} at 0 us while open (a PM QoS request that keeps CPUs out of deep idle states),
 * exactly as cyclictest does by default, so that both measure the same machine. Single owner thread.
 */
final class DmaLatencyHold implements AutoCloseable {
    static final Path DEVICE = Path.of("/dev/cpu_dma_latency");
    private final FileOutputStream out;

    private DmaLatencyHold(FileOutputStream out) {
        this.out = out;
    }

    /** Opens and writes 0; returns null when the device is absent or not writable (not root). */
    static DmaLatencyHold tryAcquire() {
        if (!Files.isWritable(DEVICE)) {
            return null;
        }
        try {
            FileOutputStream out = new FileOutputStream(DEVICE.toFile());
            out.write(new byte[] {0, 0, 0, 0}); // a 32-bit 0, the same in any byte order
            out.flush();
            return new DmaLatencyHold(out);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        out.close(); // closing the file drops the request
    }
}
