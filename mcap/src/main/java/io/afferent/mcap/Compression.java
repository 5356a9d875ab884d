package io.afferent.mcap;

import java.util.Locale;

/** Chunk compression; {@link #mcapName()} is the value of the Chunk record's {@code compression} field. */
public enum Compression {
    /** LZ4 frame format (lz4-java's block compressor inside an LZ4 frame). */
    LZ4("lz4"),
    /** Zstandard frame (zstd-jni, the reference C library). */
    ZSTD("zstd"),
    NONE("");

    private final String mcapName;

    Compression(String mcapName) {
        this.mcapName = mcapName;
    }

    public String mcapName() {
        return mcapName;
    }

    /** Parses {@code lz4}, {@code zstd} or {@code none} (case-insensitive); the message lists what is allowed. */
    public static Compression parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "lz4" -> LZ4;
            case "zstd" -> ZSTD;
            case "none", "" -> NONE;
            default -> throw new IllegalArgumentException(
                    "unknown MCAP compression '" + name + "': allowed are lz4, zstd, none");
        };
    }
}
