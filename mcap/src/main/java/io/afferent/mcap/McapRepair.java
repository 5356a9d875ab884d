package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Attachment;
import io.afferent.mcap.McapRecord.Channel;
import io.afferent.mcap.McapRecord.DataEnd;
import io.afferent.mcap.McapRecord.Header;
import io.afferent.mcap.McapRecord.Message;
import io.afferent.mcap.McapRecord.Metadata;
import io.afferent.mcap.McapRecord.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites an MCAP file, truncated or not, into a complete one: every schema, channel, metadata and
 * attachment record and every message of every complete chunk is copied, in order, into a new file
 * with chunk indexes, message indexes, statistics and summary. Ids may be renumbered; content is not
 * changed. A chunk cut off by a kill is dropped (it cannot be decompressed); a complete chunk that fails
 * its CRC or does not decompress is skipped and counted, and the rest of the file is still recovered.
 */
public final class McapRepair {
    /** What a repair found and wrote. */
    public record Result(long messages, long chunksRecovered, long schemas, long channels, long metadata,
                         long attachments, boolean inputTruncated, String truncation, long inputBytes,
                         long validInputBytes, long outputBytes, long corruptChunksSkipped, String firstCorruption) {
        /** One line for a CLI. */
        public String describe() {
            return (inputTruncated ? "truncated input (" + truncation + "): " : "complete input: ") + "recovered "
                    + messages + " messages from " + chunksRecovered + " chunks, " + channels + " channels, "
                    + metadata + " metadata, " + attachments + " attachments; kept " + validInputBytes + " of "
                    + inputBytes + " bytes" + (corruptChunksSkipped > 0 ? "; skipped " + corruptChunksSkipped
                    + " corrupt chunks (first: " + firstCorruption + ")"
                    : firstCorruption != null ? "; damage found: " + firstCorruption : "");
        }
    }

    private McapRepair() {
    }

    public static Result repair(Path in, Path out) throws IOException {
        return repair(in, out, McapWriterOptions.defaults());
    }

    /** {@code options} sets compression and chunking of the output; its profile is taken from the input. */
    public static Result repair(Path in, Path out, McapWriterOptions options) throws IOException {
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new IllegalArgumentException("repair needs a different output file than its input " + in);
        }
        long inputBytes = Files.size(in);
        Map<Integer, Integer> schemaIds = new HashMap<>();
        Map<Integer, Integer> channelIds = new HashMap<>();
        schemaIds.put(0, 0);
        long messages = 0;
        long metadata = 0;
        long attachments = 0;
        McapWriter w = null;
        try (McapStreamReader r = McapStreamReader.open(in).skipCorruptChunks()) {
            McapRecord rec = r.next();
            if (!(rec instanceof Header h)) {
                throw new McapFormatException(in + (rec == null ? " has no complete Header record ("
                        + r.truncation() + "): nothing to repair" : ": the first record is not a Header"));
            }
            w = McapWriter.open(out, options.toBuilder().profile(h.profile()).library(h.library()).build());
            while ((rec = r.next()) != null && !(rec instanceof DataEnd)) {
                switch (rec) {
                    case Schema s -> {
                        if (s.id() != 0 && !schemaIds.containsKey(s.id())) {
                            schemaIds.put(s.id(), w.addSchema(s.name(), s.encoding(), s.data()));
                        }
                    }
                    case Channel c -> {
                        if (!channelIds.containsKey(c.id())) {
                            Integer schema = schemaIds.get(c.schemaId());
                            if (schema == null) {
                                throw new McapFormatException(in + ": channel " + c.topic() + " refers to schema "
                                        + c.schemaId() + ", which no earlier record defines");
                            }
                            channelIds.put(c.id(), w.addChannel(schema, c.topic(), c.messageEncoding(), c.metadata()));
                        }
                    }
                    case Message m -> {
                        Integer ch = channelIds.get(m.channelId());
                        if (ch == null) {
                            throw new McapFormatException(in + ": a message refers to channel " + m.channelId()
                                    + ", which no earlier record defines");
                        }
                        w.writeMessage(ch, m.sequence(), m.logTime(), m.publishTime(), m.data(), 0, m.data().length);
                        messages++;
                    }
                    case Metadata m -> {
                        w.addMetadata(m.name(), m.metadata());
                        metadata++;
                    }
                    case Attachment a -> {
                        w.addAttachment(a.logTime(), a.createTime(), a.name(), a.mediaType(), a.data());
                        attachments++;
                    }
                    default -> {
                    }
                }
            }
            if (rec instanceof DataEnd) {
                while (r.next() != null) {
                    // Read to the end so that the summary CRC and trailing magic are checked.
                }
            }
            w.close();
            return new Result(messages, r.completeChunks(), schemaIds.size() - 1, channelIds.size(), metadata,
                    attachments, r.truncated(), r.truncation(), inputBytes,
                    r.truncated() ? r.validPrefixBytes() : inputBytes, Files.size(out), r.skippedChunks(),
                    r.firstSkippedChunk());
        } catch (IOException | RuntimeException e) {
            if (w != null) {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // The first error is the one to report.
                }
            }
            throw e;
        }
    }
}
