package io.afferent.mcap;

import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4FrameInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Decompresses chunk records with the libraries' own frame decoders (lz4-java's, zstd-jni's). */
final class ChunkDecompressor {
    static byte[] decompress(String compression, byte[] src, int off, int len, long uncompressedSize, long chunkOffset)
            throws McapFormatException {
        if (uncompressedSize < 0 || uncompressedSize > Integer.MAX_VALUE - 16) {
            throw new McapFormatException("chunk at offset " + chunkOffset + " is too large to read ("
                    + uncompressedSize + " bytes uncompressed)");
        }
        int size = (int) uncompressedSize;
        try {
            switch (compression) {
                case "" -> {
                    if (len != size) {
                        throw new McapFormatException("uncompressed chunk at offset " + chunkOffset + " holds " + len
                                + " bytes but says " + size);
                    }
                    byte[] out = new byte[size];
                    System.arraycopy(src, off, out, 0, len);
                    return out;
                }
                case "lz4" -> {
                    // LZ4 cannot expand more than 255:1; a larger stated size is corruption, not a reason to allocate.
                    if (size > 255L * len + 64) {
                        throw new McapFormatException("lz4 chunk at offset " + chunkOffset + " states " + size
                                + " uncompressed bytes for " + len + " compressed: the chunk is corrupt");
                    }
                    byte[] out = new byte[size];
                    try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(src, off, len))) {
                        int n = in.readNBytes(out, 0, size);
                        if (n != size || in.read() != -1) {
                            throw new McapFormatException("lz4 chunk at offset " + chunkOffset
                                    + " does not decompress to its stated " + size + " bytes");
                        }
                    }
                    return out;
                }
                case "zstd" -> {
                    long framed = Zstd.getFrameContentSize(src, off, len);
                    if (framed >= 0 && framed != size || framed < 0 && size > (1 << 30)) {
                        throw new McapFormatException("zstd chunk at offset " + chunkOffset + " states " + size
                                + " uncompressed bytes, its frame says " + framed + ": the chunk is corrupt");
                    }
                    byte[] out = new byte[size];
                    long n = Zstd.decompressByteArray(out, 0, size, src, off, len);
                    if (Zstd.isError(n) || n != size) {
                        throw new McapFormatException("zstd chunk at offset " + chunkOffset
                                + " does not decompress to its stated " + size + " bytes");
                    }
                    return out;
                }
                default -> throw new McapFormatException("chunk at offset " + chunkOffset
                        + " uses compression '" + compression + "', which this reader does not support (lz4, zstd, none)");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof McapFormatException m) {
                throw m;
            }
            throw new McapFormatException("chunk at offset " + chunkOffset + " (" + compression
                    + ") cannot be decompressed: " + e.getMessage(), e);
        }
    }

    private ChunkDecompressor() {
    }
}
