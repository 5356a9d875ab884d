package io.afferent.mcap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What an {@link McapWriter} keeps for the end of the file: the schema and channel records, the chunk,
 * attachment and metadata indexes, the statistics (message counts per channel, time range); and the
 * writing of the data end record, the summary section, summary offsets, footer and closing magic.
 *
 * <p>Single writer: the writer's thread.
 */
final class McapSummary {
    private final List<byte[]> schemaRecords = new ArrayList<>();
    private final List<byte[]> channelRecords = new ArrayList<>();
    private final ByteArrayBuilder chunkIndexes = new ByteArrayBuilder(1 << 16);
    private final ByteArrayBuilder attachmentIndexes = new ByteArrayBuilder(1 << 10);
    private final ByteArrayBuilder metadataIndexes = new ByteArrayBuilder(1 << 10);
    private final CRC32 summaryCrc = new CRC32();

    private boolean[] channelKnown = new boolean[16];
    private long[] channelMessageCounts = new long[16];
    private long messageCount;
    private long fileStartTime = Long.MAX_VALUE;
    private long fileEndTime = Long.MIN_VALUE;
    private long chunkCount;
    private long attachmentCount;
    private long metadataCount;

    int schemaCount() {
        return schemaRecords.size();
    }

    void addSchema(byte[] record) {
        schemaRecords.add(record);
    }

    void addChannel(int id, byte[] record) {
        if (id >= channelKnown.length) {
            int n = Math.max(id + 1, channelKnown.length * 2);
            channelKnown = Arrays.copyOf(channelKnown, n);
            channelMessageCounts = Arrays.copyOf(channelMessageCounts, n);
        }
        channelKnown[id] = true;
        channelRecords.add(record);
    }

    boolean knowsChannel(int channelId) {
        return channelId >= 0 && channelId < channelKnown.length && channelKnown[channelId];
    }

    void countMessage(int channelId, long logTime) {
        messageCount++;
        channelMessageCounts[channelId]++;
        fileStartTime = Math.min(fileStartTime, logTime);
        fileEndTime = Math.max(fileEndTime, logTime);
    }

    long channelMessageCount(int channelId) {
        return channelId < channelMessageCounts.length ? channelMessageCounts[channelId] : 0;
    }

    long messageCount() {
        return messageCount;
    }

    /** The buffer the chunk index records are appended to, one per chunk written. */
    ByteArrayBuilder chunkIndexes() {
        return chunkIndexes;
    }

    void countChunk() {
        chunkCount++;
    }

    long chunkCount() {
        return chunkCount;
    }

    void indexMetadata(long offset, long length, String name) {
        int idx = metadataIndexes.beginRecord(Op.METADATA_INDEX);
        metadataIndexes.putU64(offset);
        metadataIndexes.putU64(length);
        metadataIndexes.putString(name);
        metadataIndexes.endRecord(idx);
        metadataCount++;
    }

    void indexAttachment(long offset, long length, long logTime, long createTime, long dataSize, String name,
                         String mediaType) {
        int idx = attachmentIndexes.beginRecord(Op.ATTACHMENT_INDEX);
        attachmentIndexes.putU64(offset);
        attachmentIndexes.putU64(length);
        attachmentIndexes.putU64(logTime);
        attachmentIndexes.putU64(createTime);
        attachmentIndexes.putU64(dataSize);
        attachmentIndexes.putString(name);
        attachmentIndexes.putString(mediaType);
        attachmentIndexes.endRecord(idx);
        attachmentCount++;
    }

    /** Writes the data end record, the summary, its offsets, the footer and the magic to {@code sink}. */
    void write(McapSink sink) throws IOException {
        ByteArrayBuilder staging = sink.staging();
        staging.clear();
        int at = staging.beginRecord(Op.DATA_END);
        staging.putU32(sink.dataCrc());
        staging.endRecord(at);
        sink.writeStaging();

        long summaryStart = sink.position();
        staging.clear();
        long[] groupStart = new long[16];
        long[] groupLength = new long[16];
        int[] groups = {Op.SCHEMA, Op.CHANNEL, Op.STATISTICS, Op.CHUNK_INDEX, Op.ATTACHMENT_INDEX, Op.METADATA_INDEX};
        for (int op : groups) {
            int begin = staging.size();
            switch (op) {
                case Op.SCHEMA -> schemaRecords.forEach(r -> staging.putBytes(r, 0, r.length));
                case Op.CHANNEL -> channelRecords.forEach(r -> staging.putBytes(r, 0, r.length));
                case Op.STATISTICS -> putStatistics(staging);
                case Op.CHUNK_INDEX -> staging.putBytes(chunkIndexes.array(), 0, chunkIndexes.size());
                case Op.ATTACHMENT_INDEX -> staging.putBytes(attachmentIndexes.array(), 0, attachmentIndexes.size());
                case Op.METADATA_INDEX -> staging.putBytes(metadataIndexes.array(), 0, metadataIndexes.size());
                default -> throw new AssertionError(op);
            }
            groupStart[op] = summaryStart + begin;
            groupLength[op] = staging.size() - begin;
        }
        long summaryOffsetStart = summaryStart + staging.size();
        for (int op : groups) {
            if (groupLength[op] > 0) {
                int so = staging.beginRecord(Op.SUMMARY_OFFSET);
                staging.putU8(op);
                staging.putU64(groupStart[op]);
                staging.putU64(groupLength[op]);
                staging.endRecord(so);
            }
        }
        staging.putU8(Op.FOOTER);
        staging.putU64(20);
        staging.putU64(summaryStart);
        staging.putU64(summaryOffsetStart);
        summaryCrc.reset();
        summaryCrc.update(staging.array(), 0, staging.size());
        staging.putU32(summaryCrc.getValue());
        staging.putBytes(Op.MAGIC, 0, Op.MAGIC.length);
        sink.writeStaging();
    }

    private void putStatistics(ByteArrayBuilder staging) {
        int at = staging.beginRecord(Op.STATISTICS);
        staging.putU64(messageCount);
        staging.putU16(schemaRecords.size());
        staging.putU32(channelRecords.size());
        staging.putU32(attachmentCount);
        staging.putU32(metadataCount);
        staging.putU32(chunkCount);
        staging.putU64(messageCount == 0 ? 0 : fileStartTime);
        staging.putU64(messageCount == 0 ? 0 : fileEndTime);
        int mapAt = staging.skip(4);
        for (int id = 0; id < channelKnown.length; id++) {
            if (channelKnown[id]) {
                staging.putU16(id);
                staging.putU64(channelMessageCounts[id]);
            }
        }
        staging.setU32(mapAt, staging.size() - mapAt - 4);
        staging.endRecord(at);
    }
}
