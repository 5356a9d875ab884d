package io.afferent.mcap;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Compresses a chunk's records into a reusable output array. Single writer: the MCAP writer's thread.
 * After warm-up (the output array has grown to the largest chunk) compressing allocates nothing.
 */
abstract sealed class ChunkCompressor {
    protected final ByteArrayBuilder out = new ByteArrayBuilder(1 << 16);

    /** Compresses {@code src[0, len)}; the result is {@link #output()} [0, returned length). */
    abstract int compress(byte[] src, int len);

    ByteArrayBuilder output() {
        return out;
    }

    void close() {
    }

    static ChunkCompressor create(Compression c, int level) {
        return switch (c) {
            case LZ4 -> new Lz4Frame();
            case ZSTD -> new ZstdFrame(level);
            case NONE -> throw new IllegalArgumentException("no compressor for NONE");
        };
    }

    /**
     * LZ4 frame format (the framing MCAP requires): magic, a frame descriptor (version 01, independent
     * blocks, no checksums: the Chunk record carries a CRC32 of the uncompressed records), blocks of at
     * most 4 MiB compressed by lz4-java, then the end mark. Blocks that do not shrink are stored raw.
     */
    static final class Lz4Frame extends ChunkCompressor {
        private static final int MAGIC = 0x184D2204;
        private static final int FLG = 0x60;          // version 01, block independence, nothing else
        private static final int BD = 0x70;           // block maximum size id 7: 4 MiB
        private static final int BLOCK_MAX = 4 << 20;
        private static final int HEADER_CHECKSUM;

        static {
            XXHash32 xx = XXHashFactory.fastestInstance().hash32();
            HEADER_CHECKSUM = (xx.hash(new byte[]{(byte) FLG, (byte) BD}, 0, 2, 0) >>> 8) & 0xFF;
        }

        private final LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();

        @Override
        int compress(byte[] src, int len) {
            out.clear();
            out.putU32(MAGIC);
            out.putU8(FLG);
            out.putU8(BD);
            out.putU8(HEADER_CHECKSUM);
            for (int p = 0; p < len; ) {
                int n = Math.min(BLOCK_MAX, len - p);
                int max = lz4.maxCompressedLength(n);
                int sizeAt = out.skip(4);
                out.ensure(max);
                int c = lz4.compress(src, p, n, out.array(), out.size(), max);
                if (c < n) {
                    out.setU32(sizeAt, c);
                    out.skip(c);
                } else {
                    out.setU32(sizeAt, 0x80000000L | n);
                    out.putBytes(src, p, n);
                }
                p += n;
            }
            out.putU32(0);
            return out.size();
        }
    }

    /** One zstd frame (with its content size) through a reused zstd-jni context. */
    static final class ZstdFrame extends ChunkCompressor {
        private final ZstdCompressCtx ctx = new ZstdCompressCtx();

        ZstdFrame(int level) {
            ctx.setLevel(level);
        }

        @Override
        int compress(byte[] src, int len) {
            out.clear();
            int bound = (int) Math.min(Integer.MAX_VALUE - 16, Zstd.compressBound(len));
            out.ensure(bound);
            int n = ctx.compressByteArray(out.array(), 0, bound, src, 0, len);
            out.truncate(n);
            return n;
        }

        @Override
        void close() {
            ctx.close();
        }
    }
}
