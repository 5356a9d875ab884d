package io.afferent.mcap;

import io.afferent.mcap.McapRecord.Attachment;
import io.afferent.mcap.McapRecord.Channel;
import io.afferent.mcap.McapRecord.Header;
import io.afferent.mcap.McapRecord.Message;
import io.afferent.mcap.McapRecord.Metadata;
import io.afferent.mcap.McapRecord.Schema;
import io.afferent.mcap.McapRecord.Statistics;

import java.util.List;
import java.util.Map;

/**
 * Everything in an MCAP file's data section, read front to back by {@link McapReader#readAll}.
 * {@code statistics} is the summary's, or null (no summary, or a truncated file).
 */
public record McapContents(Header header, Map<Integer, Schema> schemas, Map<Integer, Channel> channels,
                           List<Message> messages, List<Metadata> metadata, List<Attachment> attachments,
                           Statistics statistics, long completeChunks, boolean truncated, String truncation) {

    /** The messages of the channel (or channels) with this topic, in file order. */
    public List<Message> messagesOn(String topic) {
        return messages.stream().filter(m -> {
            Channel c = channels.get(m.channelId());
            return c != null && c.topic().equals(topic);
        }).toList();
    }
}
