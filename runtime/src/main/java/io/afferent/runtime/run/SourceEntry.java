package io.afferent.runtime.run;

import io.afferent.api.Source;
import io.afferent.config.SourceConfig;
import io.afferent.runtime.timing.Counter;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.topic.Topic;
import io.afferent.runtime.topic.TopicStats;

import java.util.Map;

/** A source of a built pipeline: its configuration, the topic it publishes and its statistics. */
record SourceEntry(SourceConfig config, Source<?> source, SourceStats stats, Topic<?> topic, TopicStats topicStats,
                   int rootChain, Map<String, Counter> counters) {
}
