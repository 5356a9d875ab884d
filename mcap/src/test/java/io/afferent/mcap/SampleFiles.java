package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes deterministic MCAP files for tests and remembers what went in. */
final class SampleFiles {
    /** What a sample file holds, in write order. */
    record Written(List<Message> messages, List<String> topics, long chunks, long bytes) {
    }

    static final Map<String, String> META = new TreeMap<>(Map.of("host", "test-host", "profile", "sim-laptop"));
    static final byte[] ATTACHMENT = "profile: sim-laptop\nrate_hz: 100\n".getBytes(StandardCharsets.UTF_8);

    /**
     * Three channels (two sharing a schema, one without), {@code n} messages of varying sizes, one metadata
     * record and one attachment in the middle.
     */
    static Written write(Path file, McapWriterOptions options, int n) throws IOException {
        List<Message> messages = new ArrayList<>();
        long chunks;
        McapWriter w = McapWriter.open(file, options);
        {
            int s1 = w.addSchema("test_msgs/msg/Sample", "ros2msg", "float64 x\nuint32 n\n".getBytes(StandardCharsets.UTF_8));
            int a = w.addChannel(s1, "/a", "cdr", Map.of("offered_qos_profiles", ""));
            int b = w.addChannel(s1, "/b", "cdr", Map.of());
            int c = w.addChannel(0, "/raw", "application/octet-stream", new TreeMap<>(Map.of("k1", "v1", "k2", "v2")));
            int[] channels = {a, b, c};
            ByteBuffer payload = ByteBuffer.allocate(512);
            for (int i = 0; i < n; i++) {
                int ch = channels[i % 3];
                int len = 1 + (i * 37) % 300;
                payload.clear();
                for (int k = 0; k < len; k++) {
                    payload.put((byte) (i + k * 7));
                }
                payload.flip();
                long logTime = 1_000_000_000L + i * 1_000_000L;
                w.writeMessage(ch, i, logTime, logTime - 500, payload);
                byte[] data = new byte[len];
                payload.get(0, data);
                messages.add(new Message(ch, i, logTime, logTime - 500, data));
                if (i == n / 2) {
                    w.addMetadata("run", META);
                    w.addAttachment(logTime, 42, "profile.yaml", "application/yaml", ATTACHMENT);
                }
            }
            w.flush();
            chunks = w.chunksWritten();
        }
        w.close();
        long bytes = w.bytesWritten();
        return new Written(messages, List.of("/a", "/b", "/raw"), chunks, bytes);
    }

    private SampleFiles() {
    }
}
