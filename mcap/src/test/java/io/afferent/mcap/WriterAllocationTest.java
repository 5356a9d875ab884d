package io.afferent.mcap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After warm-up, writing messages (payload in a reused CDR buffer, chunks closing by size and by age)
 * allocates nothing on the writing thread, measured with ThreadMXBean over many messages and chunks.
 */
class WriterAllocationTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void steadyStateWritingAllocatesNothingPerMessage(Compression compression) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] now = {0};
        McapWriterOptions o = McapWriterOptions.builder().compression(compression).chunkSizeBytes(256 * 1024)
                .clock(() -> now[0]).build();
        int messages = 300_000;
        try (McapWriter w = McapWriter.open(dir.resolve("alloc.mcap"), o)) {
            int imu = w.addChannel(Ros2Schemas.IMU.register(w), "/imu", Ros2Schemas.MESSAGE_ENCODING, Map.of());
            int flag = w.addChannel(Ros2Schemas.BOOL.register(w), "/flag", Ros2Schemas.MESSAGE_ENCODING, Map.of());
            CdrWriter cdr = new CdrWriter();
            double[] cov = new double[9];
            StringBuilder frame = new StringBuilder("imu_link");
            long allocated = 0;
            long chunksBefore = 0;
            for (int round = 0; round < 3; round++) {
                if (round == 2) {
                    chunksBefore = w.chunksWritten();
                }
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < messages; i++) {
                    long t = (round * (long) messages + i) * 1_000_000L;
                    now[0] = t;
                    cdr.reset().writeHeader(t, frame);
                    cdr.writeFloat64(0).writeFloat64(0).writeFloat64(0).writeFloat64(1).writeFloat64Array(cov);
                    cdr.writeFloat64(i).writeFloat64(-i).writeFloat64(0.5).writeFloat64Array(cov);
                    cdr.writeFloat64(9.81).writeFloat64(0).writeFloat64(0).writeFloat64Array(cov);
                    w.writeMessage(imu, i, t, t, cdr.buffer());
                    if (i % 10 == 0) {
                        ByteBuffer b = cdr.reset().writeBool((i & 16) != 0).buffer();
                        w.writeMessage(flag, i, t, t, b);
                    }
                    if (i % 50 == 0) {
                        w.flushIfOlderThan(t);   // every 50 ms of log time: chunks close by age too
                    }
                }
                allocated = mx.getCurrentThreadAllocatedBytes() - before;
            }
            long chunks = w.chunksWritten() - chunksBefore;
            System.out.printf("%s: %d bytes allocated writing %d messages in %d chunks after warm-up (%.4f bytes/message)%n",
                    compression, allocated, messages + messages / 10, chunks, allocated / (messages * 1.1));
            assertTrue(chunks > 100, "chunks closed in the measured window: " + chunks);
            // Chunk-index records for the summary accumulate in one buffer that doubles: allow that growth,
            // nothing proportional to messages. zstd-jni allocates about 224 bytes inside each compress call
            // (measured alone, with byte arrays and direct buffers alike): a per-chunk cost of the library.
            long perChunkAllowance = compression == Compression.ZSTD ? 512L * chunks : 0;
            assertTrue(allocated < 64 * 1024 + perChunkAllowance,
                    allocated + " bytes allocated over " + messages + " messages in " + chunks + " chunks");
            assertEquals(3L * (messages + messages / 10), w.messagesWritten());
        }
    }
}
