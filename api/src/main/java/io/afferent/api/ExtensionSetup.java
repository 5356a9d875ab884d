package io.afferent.api;

import java.util.List;

/** {@link Setup} of an extension: it sees every topic and may add lagging subscribers and report sections. */
public interface ExtensionSetup extends Setup {
    List<TopicInfo> topics();

    <M> void sink(String name, String topic, MessageType<M> type, Sink<M> sink) throws ConfigError;

    void report(ReportSection section);
}
