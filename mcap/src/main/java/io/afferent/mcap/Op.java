package io.afferent.mcap;

/** MCAP record opcodes and the magic bytes (MCAP specification, major version 0). */
final class Op {
    static final int HEADER = 0x01;
    static final int FOOTER = 0x02;
    static final int SCHEMA = 0x03;
    static final int CHANNEL = 0x04;
    static final int MESSAGE = 0x05;
    static final int CHUNK = 0x06;
    static final int MESSAGE_INDEX = 0x07;
    static final int CHUNK_INDEX = 0x08;
    static final int ATTACHMENT = 0x09;
    static final int ATTACHMENT_INDEX = 0x0A;
    static final int STATISTICS = 0x0B;
    static final int METADATA = 0x0C;
    static final int METADATA_INDEX = 0x0D;
    static final int SUMMARY_OFFSET = 0x0E;
    static final int DATA_END = 0x0F;

    static final byte[] MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};
    /** Opcode byte + uint64 content length. */
    static final int RECORD_HEADER_BYTES = 9;
    /** Footer record (9 + 20 bytes) followed by the trailing magic. */
    static final int FOOTER_AND_MAGIC_BYTES = RECORD_HEADER_BYTES + 20 + 8;

    static String name(int op) {
        return switch (op) {
            case HEADER -> "Header";
            case FOOTER -> "Footer";
            case SCHEMA -> "Schema";
            case CHANNEL -> "Channel";
            case MESSAGE -> "Message";
            case CHUNK -> "Chunk";
            case MESSAGE_INDEX -> "MessageIndex";
            case CHUNK_INDEX -> "ChunkIndex";
            case ATTACHMENT -> "Attachment";
            case ATTACHMENT_INDEX -> "AttachmentIndex";
            case STATISTICS -> "Statistics";
            case METADATA -> "Metadata";
            case METADATA_INDEX -> "MetadataIndex";
            case SUMMARY_OFFSET -> "SummaryOffset";
            case DATA_END -> "DataEnd";
            default -> String.format("opcode 0x%02x", op);
        };
    }

    private Op() {
    }
}
