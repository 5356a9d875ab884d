package io.afferent.runtime.rt;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PM QoS request on {@code /dev/cpu_dma_latency}, held while open: CPUs stay out of idle states whose
 * exit latency exceeds the given bound, which removes tens of µs from wake-ups (cyclictest holds 0 by
 * default). Costs power: a battery robot may prefer a bound of a few µs over 0. Single owner thread.
 */
public final class CpuDmaLatency implements AutoCloseable {
    public static final Path DEVICE = Path.of("/dev/cpu_dma_latency");
    private final FileOutputStream out;

    private CpuDmaLatency(FileOutputStream out) {
        this.out = out;
    }

    /** Opens the device and writes {@code maxLatencyUs}; returns null when it is absent or not writable. */
    public static CpuDmaLatency tryHold(int maxLatencyUs) {
        if (!Files.isWritable(DEVICE)) {
            return null;
        }
        try {
            FileOutputStream out = new FileOutputStream(DEVICE.toFile());
            out.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(maxLatencyUs).array());
            out.flush();
            return new CpuDmaLatency(out);
        } catch (IOException e) {
            return null;
        }
    }

    /** Why a hold could not be taken, and how to allow it. */
    public static String advice() {
        return "cannot write " + DEVICE + " (it is root-only by default): run as root, or allow the service user"
                + " with a udev rule such as KERNEL==\"cpu_dma_latency\", GROUP=\"afferent\", MODE=\"0660\"";
    }

    @Override
    public void close() throws IOException {
        out.close(); // closing the file drops the request
    }
}
