package io.afferent.mcap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** The MCAP records a reader returns (field names follow the MCAP specification). */
public sealed interface McapRecord {

    record Header(String profile, String library) implements McapRecord {
    }

    record Footer(long summaryStart, long summaryOffsetStart, long summaryCrc) implements McapRecord {
    }

    record Schema(int id, String name, String encoding, byte[] data) implements McapRecord {
        /** The schema data as UTF-8 text (ros2msg, jsonschema, ... are text). */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Schema s && s.id == id && s.name.equals(name) && s.encoding.equals(encoding)
                    && Arrays.equals(s.data, data);
        }

        @Override
        public int hashCode() {
            return id * 31 + name.hashCode();
        }

        @Override
        public String toString() {
            return "Schema[id=" + id + ", name=" + name + ", encoding=" + encoding + ", " + data.length + " bytes]";
        }
    }

    record Channel(int id, int schemaId, String topic, String messageEncoding, Map<String, String> metadata)
            implements McapRecord {
    }

    /** {@code sequence} is the uint32 of the record, as a non-negative long. */
    record Message(int channelId, long sequence, long logTime, long publishTime, byte[] data) implements McapRecord {
        @Override
        public boolean equals(Object o) {
            return o instanceof Message m && m.channelId == channelId && m.sequence == sequence && m.logTime == logTime
                    && m.publishTime == publishTime && Arrays.equals(m.data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(logTime) * 31 + channelId;
        }

        @Override
        public String toString() {
            return "Message[channel=" + channelId + ", seq=" + sequence + ", logTime=" + logTime + ", publishTime="
                    + publishTime + ", " + data.length + " bytes]";
        }
    }

    record Attachment(long logTime, long createTime, String name, String mediaType, byte[] data) implements McapRecord {
        @Override
        public boolean equals(Object o) {
            return o instanceof Attachment a && a.logTime == logTime && a.createTime == createTime
                    && a.name.equals(name) && a.mediaType.equals(mediaType) && Arrays.equals(a.data, data);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "Attachment[name=" + name + ", mediaType=" + mediaType + ", " + data.length + " bytes]";
        }
    }

    record Metadata(String name, Map<String, String> metadata) implements McapRecord {
    }

    record ChunkIndex(long messageStartTime, long messageEndTime, long chunkStartOffset, long chunkLength,
                      Map<Integer, Long> messageIndexOffsets, long messageIndexLength, String compression,
                      long compressedSize, long uncompressedSize) implements McapRecord {
    }

    record AttachmentIndex(long offset, long length, long logTime, long createTime, long dataSize, String name,
                           String mediaType) implements McapRecord {
    }

    record MetadataIndex(long offset, long length, String name) implements McapRecord {
    }

    record Statistics(long messageCount, int schemaCount, long channelCount, long attachmentCount,
                      long metadataCount, long chunkCount, long messageStartTime, long messageEndTime,
                      Map<Integer, Long> channelMessageCounts) implements McapRecord {
    }

    record SummaryOffset(int groupOpcode, long groupStart, long groupLength) implements McapRecord {
    }

    record DataEnd(long dataSectionCrc) implements McapRecord {
    }

    /** An index entry of a Message Index record: log time and offset in the uncompressed chunk. */
    record MessageIndexEntry(long logTime, long offset) {
    }

    record MessageIndex(int channelId, java.util.List<MessageIndexEntry> entries) implements McapRecord {
    }

    /** A chunk's header fields (its records are returned one by one, not as part of this). */
    record Chunk(long messageStartTime, long messageEndTime, long uncompressedSize, long uncompressedCrc,
                 String compression, long compressedSize) implements McapRecord {
    }
}
