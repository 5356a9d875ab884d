package io.afferent.runtime.plugin;

import io.afferent.api.ExtensionSetup;
import io.afferent.api.MessageType;
import io.afferent.api.ReportSection;
import io.afferent.api.Sink;
import io.afferent.api.TopicInfo;
import io.afferent.config.ConfigMap;
import io.afferent.config.Location;

import java.util.List;

/** {@link ExtensionSetup} of one extension. Set-up thread. */
final class ExtensionSetupImpl extends BaseSetup implements ExtensionSetup {
    private final List<TopicInfo> topics;
    private final List<StageSetupImpl.SinkRequest> sinks;
    private final List<ReportSection> sections;

    ExtensionSetupImpl(RunContext run, String name, List<TopicInfo> topics, List<StageSetupImpl.SinkRequest> sinks,
                       List<ReportSection> sections) {
        super(run, name, "extensions." + name, new Location(String.valueOf(run.profile().file()), 1, 1),
                ConfigMap.empty(new Location(String.valueOf(run.profile().file()), 1, 1), "extensions." + name));
        this.topics = topics;
        this.sinks = sinks;
        this.sections = sections;
    }

    @Override
    public List<TopicInfo> topics() {
        return topics;
    }

    @Override
    public <M> void sink(String sinkName, String topic, MessageType<M> type, Sink<M> sink) {
        sinks.add(new StageSetupImpl.SinkRequest(sinkName, topic, type, sink, this));
    }

    @Override
    public void report(ReportSection section) {
        sections.add(section);
    }
}
