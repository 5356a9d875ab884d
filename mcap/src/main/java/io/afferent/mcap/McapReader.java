package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Attachment;
import io.afferent.mcap.McapRecord.Channel;
import io.afferent.mcap.McapRecord.DataEnd;
import io.afferent.mcap.McapRecord.Header;
import io.afferent.mcap.McapRecord.Message;
import io.afferent.mcap.McapRecord.Metadata;
import io.afferent.mcap.McapRecord.Schema;
import io.afferent.mcap.McapRecord.Statistics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry points for reading MCAP: {@link #stream} (front to back, works on truncated files),
 * {@link #indexed} (through the summary) and {@link #readAll} (the whole data section in memory).
 */
public final class McapReader {
    private McapReader() {
    }

    public static McapStreamReader stream(Path file) throws IOException {
        return McapStreamReader.open(file);
    }

    public static McapIndexedReader indexed(Path file) throws IOException {
        return McapIndexedReader.open(file);
    }

    /**
     * Reads every schema, channel, message, metadata and attachment record of the data section, and the
     * summary's statistics if the file is complete. A truncated file gives every message of every
     * complete chunk and {@code truncated() == true}. Checks CRCs.
     */
    public static McapContents readAll(Path file) throws IOException {
        try (McapStreamReader r = McapStreamReader.open(file)) {
            Header header = null;
            Map<Integer, Schema> schemas = new LinkedHashMap<>();
            Map<Integer, Channel> channels = new LinkedHashMap<>();
            List<Message> messages = new ArrayList<>();
            List<Metadata> metadata = new ArrayList<>();
            List<Attachment> attachments = new ArrayList<>();
            Statistics statistics = null;
            boolean summary = false;
            for (McapRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof Header h) {
                    header = h;
                } else if (rec instanceof DataEnd) {
                    summary = true;
                } else if (rec instanceof Statistics s) {
                    statistics = s;
                } else if (!summary) {
                    switch (rec) {
                        case Schema s -> schemas.putIfAbsent(s.id(), s);
                        case Channel c -> channels.putIfAbsent(c.id(), c);
                        case Message m -> messages.add(m);
                        case Metadata m -> metadata.add(m);
                        case Attachment a -> attachments.add(a);
                        default -> {
                        }
                    }
                }
            }
            return new McapContents(header, Collections.unmodifiableMap(schemas), Collections.unmodifiableMap(channels),
                    Collections.unmodifiableList(messages), Collections.unmodifiableList(metadata),
                    Collections.unmodifiableList(attachments), r.truncated() ? null : statistics, r.completeChunks(),
                    r.truncated(), r.truncation());
        }
    }
}
