package io.afferent.mcap;

import java.util.function.LongSupplier;

/**
 * How a {@link McapWriter} writes: chunk compression, when chunks close, header strings, checks at open.
 * Immutable; build with {@link #builder()}.
 */
public final class McapWriterOptions {
    public static final int DEFAULT_CHUNK_SIZE_BYTES = 1 << 20;
    public static final long DEFAULT_CHUNK_MAX_AGE_NANOS = 100_000_000L;
    public static final long DEFAULT_MIN_FREE_BYTES = 16L << 20;

    private final Compression compression;
    private final int compressionLevel;
    private final int chunkSizeBytes;
    private final long chunkMaxAgeNanos;
    private final String profile;
    private final String library;
    private final long minFreeBytes;
    private final boolean overwrite;
    private final boolean syncEachChunk;
    private final LongSupplier clock;

    private McapWriterOptions(Builder b) {
        compression = b.compression;
        compressionLevel = b.compressionLevel;
        chunkSizeBytes = b.chunkSizeBytes;
        chunkMaxAgeNanos = b.chunkMaxAgeNanos;
        profile = b.profile;
        library = b.library;
        minFreeBytes = b.minFreeBytes;
        overwrite = b.overwrite;
        syncEachChunk = b.syncEachChunk;
        clock = b.clock;
    }

    public static McapWriterOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.compression = compression;
        b.compressionLevel = compressionLevel;
        b.chunkSizeBytes = chunkSizeBytes;
        b.chunkMaxAgeNanos = chunkMaxAgeNanos;
        b.profile = profile;
        b.library = library;
        b.minFreeBytes = minFreeBytes;
        b.overwrite = overwrite;
        b.syncEachChunk = syncEachChunk;
        b.clock = clock;
        return b;
    }

    public Compression compression() {
        return compression;
    }

    /** zstd level (default 3); unused for lz4 (lz4-java's fast compressor) and none. */
    public int compressionLevel() {
        return compressionLevel;
    }

    public int chunkSizeBytes() {
        return chunkSizeBytes;
    }

    public long chunkMaxAgeNanos() {
        return chunkMaxAgeNanos;
    }

    public String profile() {
        return profile;
    }

    public String library() {
        return library;
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    public boolean overwrite() {
        return overwrite;
    }

    public boolean syncEachChunk() {
        return syncEachChunk;
    }

    public LongSupplier clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "McapWriterOptions[compression=" + (compression == Compression.NONE ? "none" : compression.mcapName())
                + ", chunkSizeBytes=" + chunkSizeBytes + ", chunkMaxAgeNanos=" + chunkMaxAgeNanos + ", profile="
                + profile + "]";
    }

    public static final class Builder {
        private Compression compression = Compression.LZ4;
        private int compressionLevel = 3;
        private int chunkSizeBytes = DEFAULT_CHUNK_SIZE_BYTES;
        private long chunkMaxAgeNanos = DEFAULT_CHUNK_MAX_AGE_NANOS;
        private String profile = "";
        private String library = "afferent-mcap";
        private long minFreeBytes = DEFAULT_MIN_FREE_BYTES;
        private boolean overwrite;
        private boolean syncEachChunk;
        private LongSupplier clock = System::nanoTime;

        private Builder() {
        }

        public Builder compression(Compression c) {
            compression = java.util.Objects.requireNonNull(c, "compression");
            return this;
        }

        public Builder compressionLevel(int level) {
            compressionLevel = level;
            return this;
        }

        /** A chunk is closed once its uncompressed records reach this size (default 1 MiB). */
        public Builder chunkSizeBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("chunkSizeBytes must be at least 1, got " + bytes);
            }
            chunkSizeBytes = bytes;
            return this;
        }

        /**
         * The most time the open chunk may hold data before {@link McapWriter#flushIfOlderThan} closes it
         * (default 100 ms): the bound on what a kill -9 loses, for a caller that calls it on a timer.
         */
        public Builder chunkMaxAgeNanos(long nanos) {
            if (nanos < 0) {
                throw new IllegalArgumentException("chunkMaxAgeNanos must not be negative, got " + nanos);
            }
            chunkMaxAgeNanos = nanos;
            return this;
        }

        /** Header profile: {@code ros2} for ROS 2 CDR files, empty by default. */
        public Builder profile(String p) {
            profile = java.util.Objects.requireNonNull(p, "profile");
            return this;
        }

        public Builder library(String l) {
            library = java.util.Objects.requireNonNull(l, "library");
            return this;
        }

        /** {@link McapWriter#open} refuses a file system with less usable space than this (default 16 MiB). */
        public Builder minFreeBytes(long bytes) {
            minFreeBytes = bytes;
            return this;
        }

        /** Replace an existing file (default: refuse, so a recording is never overwritten by accident). */
        public Builder overwrite(boolean o) {
            overwrite = o;
            return this;
        }

        /** fsync the file after each chunk (survives power loss, not only a killed process; costs a disk flush). */
        public Builder syncEachChunk(boolean s) {
            syncEachChunk = s;
            return this;
        }

        /** The clock that dates a chunk's opening; {@link McapWriter#flushIfOlderThan} takes times on it. */
        public Builder clock(LongSupplier c) {
            clock = java.util.Objects.requireNonNull(c, "clock");
            return this;
        }

        public McapWriterOptions build() {
            return new McapWriterOptions(this);
        }
    }
}
