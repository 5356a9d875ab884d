package io.afferent.runtime.report;

import org.HdrHistogram.AbstractHistogram;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * Writes an HdrHistogram interval log ({@code .hlog}, format 1.3, readable by {@code HistogramLogReader},
 * HistogramLogAnalyzer and {@code afferent report}) without allocating per interval.
 *
 * <p>HdrHistogram's own {@code HistogramLogWriter} allocates on every interval (a {@code Deflater}, a copy of
 * the compressed bytes, a Base64 string, a formatted line): about 10 KB per histogram, which for a dozen
 * metrics a second fills a small young generation in minutes, and the collection that follows stops every
 * Java thread, real-time readers included. This writer reuses one encoding buffer, one {@code Deflater} and
 * one output line, and writes the same bytes: each histogram in HdrHistogram's V2 compressed encoding (a
 * cookie, the compressed length, then the zlib-deflated V2 encoding), Base64, after its tag, start,
 * length and maximum.
 *
 * <p>Single thread: the reporter.
 */
public final class IntervalLogWriter implements Closeable {
    /** HdrHistogram's V2 compressed-encoding cookie (V2CompressedEncodingCookieBase | 0x10). */
    static final int V2_COMPRESSED_COOKIE = 0x1c849304 | 0x10;
    /** Interval maxima are written in ms for values in ns, as HistogramLogWriter does by default. */
    private static final double MAX_VALUE_UNIT_RATIO = 1_000_000.0;
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    private ByteBuffer uncompressed;
    private byte[] compressed;
    private byte[] line;
    private int lineLength;
    private long baseTimeMillis;

    public IntervalLogWriter(Path file, int neededByteBufferCapacity) throws IOException {
        this(new FileOutputStream(file.toFile()), neededByteBufferCapacity);
    }

    /**
     * @param neededByteBufferCapacity the largest {@code getNeededByteBufferCapacity()} of the histograms to be
     *                                 written (buffers grow if one is larger, which allocates once)
     */
    public IntervalLogWriter(OutputStream out, int neededByteBufferCapacity) {
        this.out = new BufferedOutputStream(out, 1 << 16);
        ensureCapacity(neededByteBufferCapacity);
    }

    private void ensureCapacity(int needed) {
        if (uncompressed != null && uncompressed.capacity() >= needed) {
            return;
        }
        uncompressed = ByteBuffer.allocate(needed);
        // Deflate can expand incompressible input by a few bytes per 16 KB block, plus the 8-byte header.
        compressed = new byte[needed + needed / 1000 + 64];
        line = new byte[4 * ((compressed.length + 2) / 3) + 160];
    }

    public void comment(String text) {
        header("#" + text + "\n");
    }

    /** The format version line, the base time and start time (ms since the epoch), and the column legend. */
    public void start(long baseTimeMillis, long startTimeMillis) {
        this.baseTimeMillis = baseTimeMillis;
        header("#[Histogram log format version 1.3]\n");
        header(String.format(Locale.US, "#[BaseTime: %.3f (seconds since epoch)]\n", baseTimeMillis / 1000.0));
        header(String.format(Locale.US, "#[StartTime: %.3f (seconds since epoch), %s]\n", startTimeMillis / 1000.0,
                new Date(startTimeMillis)));
        header("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n");
    }

    private void header(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends one interval: {@code tag} (no commas, spaces or line breaks), the interval's start and end in ms
     * since the epoch, and its histogram. Allocation-free once the buffers fit the histograms.
     */
    public void interval(String tag, long startMillis, long endMillis, AbstractHistogram histogram) {
        ensureCapacity(histogram.getNeededByteBufferCapacity());
        int compressedLength = compress(histogram);
        int needed = (tag == null ? 0 : tag.length()) + 96 + 4 * ((compressedLength + 2) / 3);
        if (line.length < needed) {
            line = new byte[needed];
        }
        lineLength = 0;
        if (tag != null) {
            appendAscii("Tag=");
            appendAscii(tag);
            append((byte) ',');
        }
        appendFixed3((startMillis - baseTimeMillis) / 1000.0);
        append((byte) ',');
        appendFixed3((endMillis - startMillis) / 1000.0);
        append((byte) ',');
        appendFixed3(histogram.getMaxValueAsDouble() / MAX_VALUE_UNIT_RATIO);
        append((byte) ',');
        appendBase64(compressed, compressedLength);
        append((byte) '\n');
        try {
            out.write(line, 0, lineLength);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HdrHistogram's compressed encoding of {@code histogram} into {@code compressed}; returns its length. */
    private int compress(AbstractHistogram histogram) {
        uncompressed.clear();
        int length = histogram.encodeIntoByteBuffer(uncompressed);
        deflater.reset();
        deflater.setInput(uncompressed.array(), 0, length);
        deflater.finish();
        int n = 8;
        while (!deflater.finished()) {
            if (n == compressed.length) {
                throw new IllegalStateException("compressed histogram larger than its buffer");
            }
            n += deflater.deflate(compressed, n, compressed.length - n);
        }
        putInt(0, V2_COMPRESSED_COOKIE);
        putInt(4, n - 8);
        return n;
    }

    private void putInt(int at, int v) {
        compressed[at] = (byte) (v >>> 24);
        compressed[at + 1] = (byte) (v >>> 16);
        compressed[at + 2] = (byte) (v >>> 8);
        compressed[at + 3] = (byte) v;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
    }

    private void append(byte b) {
        line[lineLength++] = b;
    }

    private void appendAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c > 126) {
                throw new IllegalArgumentException("tag must be ASCII without commas, spaces or line breaks: " + s);
            }
            append((byte) c);
        }
    }

    /** {@code v} with three decimals, as {@code %.3f} prints it (half-up). */
    private void appendFixed3(double v) {
        if (v < 0) {
            append((byte) '-');
            v = -v;
        }
        long thousandths = Math.round(v * 1000.0);
        appendLong(thousandths / 1000);
        append((byte) '.');
        long frac = thousandths % 1000;
        append((byte) ('0' + frac / 100));
        append((byte) ('0' + frac / 10 % 10));
        append((byte) ('0' + frac % 10));
    }

    private void appendLong(long v) {
        if (v >= 10) {
            appendLong(v / 10);
        }
        append((byte) ('0' + v % 10));
    }

    private void appendBase64(byte[] src, int length) {
        int i = 0;
        for (; i + 3 <= length; i += 3) {
            int bits = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
            append(BASE64[bits >>> 18]);
            append(BASE64[bits >>> 12 & 0x3f]);
            append(BASE64[bits >>> 6 & 0x3f]);
            append(BASE64[bits & 0x3f]);
        }
        int rest = length - i;
        if (rest == 1) {
            int bits = (src[i] & 0xff) << 16;
            append(BASE64[bits >>> 18]);
            append(BASE64[bits >>> 12 & 0x3f]);
            append((byte) '=');
            append((byte) '=');
        } else if (rest == 2) {
            int bits = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8;
            append(BASE64[bits >>> 18]);
            append(BASE64[bits >>> 12 & 0x3f]);
            append(BASE64[bits >>> 6 & 0x3f]);
            append((byte) '=');
        }
    }
}
