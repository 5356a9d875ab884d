package io.afferent.record;

import io.afferent.api.Counter;
import io.afferent.api.Input;
import io.afferent.api.MessageType;
import io.afferent.api.Sink;
import io.afferent.mcap.CdrWriter;
import io.afferent.mcap.McapWriter;

import java.io.IOException;

/**
 * Records one topic: each message on {@code /afferent/TOPIC} (bit-exact, {@link ExactCodec}) and, for a built-in
 * type, on {@code /TOPIC} as its standard ROS 2 message ({@link Ros2Encoder}). log_time is the publication time,
 * publish_time the acquisition time, both as epoch ns. {@code published == recorded + dropped} exactly: dropped is
 * what the sink's lagging reader lost plus, when the recording stopped, what was in the chunk that failed and what
 * arrived after.
 *
 * <p>Single thread: the recorder's sink thread. No allocation per message.
 */
final class TopicRecorder<M> implements Sink<M> {
    private final Recorder recorder;
    private final String topic;
    private final String frame;
    private final ExactCodec<M> exact;
    private final int exactChannel;
    private final Ros2Encoder<M> ros;
    private final int rosChannel;
    private Counter readerDropped;
    /** Messages handed to the writer. */
    private long handled;
    /** Of those, lost with the chunk that failed when the recording stopped. */
    private long lostAtStop;
    /** Messages that arrived after the recording stopped. */
    private long afterStop;
    private long rosSequence;

    TopicRecorder(Recorder recorder, String topic, MessageType<M> type, int exactChannel, Ros2Encoder<M> ros,
                  int rosChannel) {
        this.recorder = recorder;
        this.topic = topic;
        this.frame = topic;
        this.exact = new ExactCodec<>(type);
        this.exactChannel = exactChannel;
        this.ros = ros;
        this.rosChannel = rosChannel;
    }

    String topic() {
        return topic;
    }

    /** Messages in the file (once it is closed; during the run, those the writer holds too). */
    long recorded() {
        return handled - lostAtStop;
    }

    /** What the lagging reader lost, plus what the stop of the recording lost or never wrote. */
    long dropped() {
        return notWritten() + (readerDropped == null ? 0 : readerDropped.get());
    }

    /** Messages lost because the recording stopped: with the chunk that failed, and after. */
    long notWritten() {
        return lostAtStop + afterStop;
    }

    /** The recording stopped: what the writer did not get into complete chunks is lost. Sink thread. */
    void stopped(McapWriter w) {
        lostAtStop = handled - w.messagesInCompleteChunks(exactChannel);
    }

    @Override
    public void lossCounter(Counter dropped) {
        this.readerDropped = dropped;
    }

    @Override
    public void onMessage(M m, Input in) {
        if (recorder.stopped()) {
            afterStop++;
            return;
        }
        McapWriter w = recorder.writer();
        CdrWriter cdr = recorder.cdr;
        long logTime = recorder.epochNanos(in.publishedNanos());
        long publishTime = recorder.epochNanos(in.originNanos());
        handled++;
        try {
            exact.encode(cdr, in.sequence(), in.originNanos(), in.publishedNanos(), in.chain(), m);
            w.writeMessage(exactChannel, in.sequence(), logTime, publishTime, cdr.buffer());
            if (ros != null) {
                ros.encode(cdr, publishTime, frame, m);
                w.writeMessage(rosChannel, rosSequence++, logTime, publishTime, cdr.buffer());
            }
            recorder.wrote(logTime);
        } catch (IOException e) {
            recorder.failed(e);
        }
    }

    @Override
    public void idle(long nowNanos) {
        recorder.idle(nowNanos);
    }
}
