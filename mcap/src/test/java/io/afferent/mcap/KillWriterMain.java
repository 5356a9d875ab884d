package io.afferent.mcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Child process of {@link KillRecoveryTest}: writes a message every millisecond (log time =
 * System.nanoTime(), payload = its sequence number) and calls flushIfOlderThan every 10 ms, on an
 * absolute timeline, until it is killed.
 */
public final class KillWriterMain {
    public static void main(String[] args) throws Exception {
        McapWriterOptions o = McapWriterOptions.builder().chunkMaxAgeNanos(100_000_000L).build();
        McapWriter w = McapWriter.open(Path.of(args[0]), o);
        int ch = w.addChannel(0, "/tick", "raw", Map.of());
        ByteBuffer payload = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        long start = System.nanoTime();
        long nextFlush = start + 10_000_000L;
        boolean announced = false;
        for (long seq = 0; ; seq++) {
            long due = start + seq * 1_000_000L;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            payload.putLong(0, seq);
            w.writeMessage(ch, seq, now, now, payload);
            if (now >= nextFlush) {
                w.flushIfOlderThan(now);
                nextFlush += 10_000_000L;
                if (!announced && w.chunksWritten() > 0) {
                    System.out.println("RECORDING");
                    System.out.flush();
                    announced = true;
                }
            }
        }
    }

    private KillWriterMain() {
    }
}
