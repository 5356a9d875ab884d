package io.afferent.record;

import io.afferent.api.Input;
import io.afferent.api.MessageType;
import io.afferent.api.TopicInfo;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;
import io.afferent.mcap.Compression;
import io.afferent.mcap.McapContents;
import io.afferent.mcap.McapReader;
import io.afferent.mcap.McapWriter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorder's sink calls allocate nothing per message in steady state: every built-in type on both its channels
 * (exact and ROS 2), a user type on its exact channel, at sim-laptop's mix of rates, with chunks closing by age on the
 * sink's idle calls, as on the {@code sink-recorder} thread. Measured with ThreadMXBean on the calling thread, over
 * hundreds of thousands of messages and chunks after a warm-up; the file is then read back whole.
 */
class RecorderAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long MS = 1_000_000L;

    /** A user type with an array, recorded on its exact channel only. */
    public static final class Battery {
        public static final MessageType<Battery> TYPE = MessageType.of("battery", Battery.class);
        public double voltageV;
        public final double[] cellsV = new double[4];
        public int flags;
    }

    @TempDir
    Path dir;

    /** One topic: its sink, a message to hand it, and its period in ms of the run clock. */
    private record Lane<M>(TopicRecorder<M> sink, M message, int periodMs, TestInput in) {
        void deliver(long nowNanos) {
            in.next(nowNanos);
            sink.onMessage(message, in);
        }
    }

    private static final class TestInput implements Input {
        final String topic;
        long sequence = -1;
        long origin;

        TestInput(String topic) {
            this.topic = topic;
        }

        void next(long now) {
            sequence++;
            origin = now - 300_000;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public long originNanos() {
            return origin;
        }

        @Override
        public long publishedNanos() {
            return origin + 20_000;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public int chain() {
            return 3;
        }
    }

    private static <M> Lane<M> lane(Recorder r, String topic, MessageType<M> type, String publisher, int periodMs)
            throws Exception {
        TopicRecorder<M> sink = RecordExtension.topicRecorder(r, new TopicInfo(topic, type, publisher), type);
        return new Lane<>(sink, type.create(), periodMs, new TestInput(topic));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void recordingEveryTopicAllocatesNothingPerMessage(Compression compression) throws Exception {
        long[] now = {0};
        Path file = dir.resolve("alloc-" + compression + ".mcap");
        McapWriter writer = McapWriter.open(file, RecordExtension.options(compression, () -> now[0]));
        Recorder recorder = new Recorder(file, dir, writer, compression.name(), () -> now[0]);
        List<Lane<?>> lanes = List.of(
                lane(recorder, "imu", Imu.TYPE, "source imu", 1),
                lane(recorder, "wheels", Wheels.TYPE, "source wheels", 5),
                lane(recorder, "gps", GpsFix.TYPE, "source gps", 100),
                lane(recorder, "range", Range.TYPE, "source range", 50),
                lane(recorder, "bumper", Digital.TYPE, "source bumper", 20),
                lane(recorder, "pose", Pose.TYPE, "stage fusion", 1),
                lane(recorder, "battery", Battery.TYPE, "source battery", 10));
        Imu imu = (Imu) lanes.getFirst().message();
        Pose pose = (Pose) lanes.get(5).message();
        long warmMs = 60_000;
        long measuredMs = 240_000;
        long before = 0;
        long messagesBefore = 0;
        long chunksBefore = 0;
        long messages = 0;
        for (long ms = 1; ms <= warmMs + measuredMs; ms++) {
            if (ms == warmMs + 1) {
                chunksBefore = writer.chunksWritten();
                messagesBefore = messages;
                before = THREADS.getCurrentThreadAllocatedBytes();
            }
            now[0] = ms * MS;
            imu.accelX = Math.sin(ms * 1e-3);
            pose.xM = ms * 1e-4;
            for (int i = 0; i < lanes.size(); i++) {
                Lane<?> l = lanes.get(i);
                if (ms % l.periodMs() == 0) {
                    l.deliver(now[0]);
                    messages++;
                }
            }
            if (ms % 5 == 0) {
                lanes.getFirst().sink().idle(now[0]); // the sink runner's idle call, about every 5 ms
            }
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long measured = messages - messagesBefore;
        long chunks = writer.chunksWritten() - chunksBefore;
        System.out.printf("recorder %s: %d bytes allocated on the sink thread for %d messages (%d records with the"
                        + " ROS 2 channels) in %d chunks after warm-up: %.4f bytes/message%n", compression, allocated,
                measured, writer.messagesWritten(), chunks, allocated / (double) measured);
        assertFalse(recorder.stopped());
        assertTrue(chunks >= measuredMs / 60, "chunks closed by age in the measured window: " + chunks);
        // Nothing per message. Per chunk, the summary's chunk index (kept in memory for the footer) grows: one record
        // of about 60 bytes + 10 per channel in the chunk, in a buffer that doubles, so every array it allocated adds
        // up to at most 4 times its final content; zstd-jni allocates about 224 bytes inside each compress call (see
        // mcap's WriterAllocationTest). One object per message would be at least 16 bytes per message: more than this (about twice
        // for lz4 and none, 1.3 times for zstd).
        int channels = 2 * lanes.size() - 1; // battery, the user type, has no ROS 2 channel
        long chunkIndexRecordBytes = 60 + 10L * channels + compression.name().length();
        long perChunkAllowance = compression == Compression.ZSTD ? 512 : 0;
        long allowance = 64 * 1024 + 4 * chunkIndexRecordBytes * writer.chunksWritten() + perChunkAllowance * chunks;
        System.out.printf("  allowance for the chunk index (%d chunks in all, %d B each) %s: %d bytes; one object per"
                + " message would be %d bytes%n", writer.chunksWritten(), chunkIndexRecordBytes,
                compression == Compression.ZSTD ? "and zstd-jni" : "", allowance, 16 * measured);
        assertTrue(16 * measured > allowance, "the test tells one object per message from the chunk index");
        assertTrue(allocated < allowance, allocated + " bytes allocated for " + measured + " messages in " + chunks
                + " chunks");

        recorder.close();
        McapContents c = McapReader.readAll(file);
        assertFalse(c.truncated());
        long onExact = c.messages().stream().filter(m -> c.channels().get(m.channelId()).topic().startsWith("/afferent/")).count();
        assertEquals(messages, onExact, "every message on its exact channel");
        long battery = c.messagesOn("/afferent/battery").size();
        assertEquals(messages * 2 - battery, c.messages().size(), "built-in types on their ROS 2 channel too");
    }
}
