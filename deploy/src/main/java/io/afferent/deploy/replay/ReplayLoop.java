package io.afferent.deploy.replay;

import io.afferent.api.Handler;
import io.afferent.api.MessageType;
import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;
import io.afferent.runtime.plugin.ReplayAssembler;
import io.afferent.runtime.topic.StageOrder;
import io.afferent.runtime.topic.Topic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The replay itself: the stages' recorded handlings ({@code STAGE/order}), merged in the order in which they
 * began, each fed its recorded (or replayed) input on the virtual clock, then every output read and, inside the
 * window, compared. Before the window the stages run as fast as they can without comparing, so that their state at
 * its start is the recorded one; at its end the replay stops. Single thread.
 */
final class ReplayLoop {
    private final ReplayAssembler.ReplayPlan plan;
    private final VirtualClock clock;
    private final RecordingFile file;
    private final double speed;
    private final long fromNanos;
    private final long toNanos;
    private final boolean wholeRecording;
    private final RecentInputs recent = new RecentInputs();
    private final List<OutputCheck<?>> outputs = new ArrayList<>();
    private final List<TopicQueue> orders = new ArrayList<>();
    private final List<StageOrder> orderMessages = new ArrayList<>();
    private final List<List<InputFeed<?>>> feeds = new ArrayList<>();
    private final ExactCodec<StageOrder> orderCodec = new ExactCodec<>(StageOrder.TYPE);
    private final ReplayInput in = new ReplayInput();
    /** Per stage: the log time of its next order message, decoded into {@link #orderMessages}; MIN_VALUE: none yet. */
    private long[] headLogTime;
    private long[] handledNanos;

    ReplayLoop(ReplayAssembler.ReplayPlan plan, VirtualClock clock, RecordingFile file, double speed, double fromS,
               double toS) throws Replay.ReplayException {
        this.plan = plan;
        this.clock = clock;
        this.file = file;
        this.speed = speed;
        this.wholeRecording = fromS == Double.NEGATIVE_INFINITY && toS == Double.POSITIVE_INFINITY;
        this.fromNanos = fromS == Double.NEGATIVE_INFINITY ? Long.MIN_VALUE : (long) (fromS * 1e9);
        this.toNanos = toS == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : (long) (toS * 1e9);
        Map<String, Topic<?>> topics = plan.topics();
        for (Topic<?> t : topics.values()) {
            String recordedType = file.typeOf(t.name());
            if (recordedType != null && !recordedType.equals(t.type().name())) {
                throw new Replay.ReplayException("topic '" + t.name() + "' was recorded as " + recordedType
                        + " but the profile's topic carries " + t.type().name());
            }
        }
        Map<String, OutputCheck<?>> byTopic = new LinkedHashMap<>();
        for (ReplayAssembler.ReplayStage st : plan.stages()) {
            for (Topic<?> t : topics.values()) {
                if (t.publisher().equals("stage " + st.name()) && !byTopic.containsKey(t.name())) {
                    OutputCheck<?> c = new OutputCheck<>(t, file, recent);
                    byTopic.put(t.name(), c);
                    outputs.add(c);
                }
            }
        }
        for (ReplayAssembler.ReplayStage st : plan.stages()) {
            String orderTopic = st.name() + StageOrder.SUFFIX;
            if (file.typeOf(orderTopic) == null) {
                throw new Replay.ReplayException(file + " has no handling order for stage '" + st.name()
                        + "' (topic " + orderTopic + "): the profile's stages are not the recorded ones");
            }
            orders.add(file.queue(orderTopic));
            orderMessages.add(new StageOrder());
            List<InputFeed<?>> f = new ArrayList<>();
            for (String input : st.inputs()) {
                f.add(feed(topics.get(input), byTopic.get(input)));
            }
            feeds.add(f);
        }
        headLogTime = new long[orders.size()];
        handledNanos = new long[orders.size()];
        java.util.Arrays.fill(headLogTime, Long.MIN_VALUE);
    }

    private <M> InputFeed<M> feed(Topic<M> t, OutputCheck<?> publishedByReplay) {
        MessageType<M> type = t.type();
        return publishedByReplay != null
                ? InputFeed.replayed(t.name(), type, publishedByReplay.addConsumer())
                : InputFeed.recorded(t.name(), file.queue(t.name()), type, t.size());
    }

    /**
     * The stage whose next recorded handling began first (ties: the earlier stage), or -1 at the end. Handlings are
     * ordered by {@link StageOrder#startedNanos}, which keeps every chain causal (the order messages of chained
     * stages are published after their handlings, in either order). Each stage's next order message is decoded once
     * into its {@link StageOrder}, {@link #handledNanos} its publication time.
     */
    private int next() throws Replay.ReplayException {
        int best = -1;
        long bestStart = Long.MAX_VALUE;
        for (int s = 0; s < orders.size(); s++) {
            if (headLogTime[s] == Long.MIN_VALUE) {
                McapRecord.Message m = orders.get(s).poll();
                if (m == null) {
                    continue;
                }
                headLogTime[s] = m.logTime();
                handledNanos[s] = orderCodec.decode(m.data(), orderMessages.get(s)).publishedNanos();
            }
            long started = orderMessages.get(s).startedNanos;
            if (best < 0 || started < bestStart) {
                best = s;
                bestStart = started;
            }
        }
        return best;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Replay.Result run(long setupNanos) throws Replay.ReplayException {
        List<ReplayAssembler.ReplayStage> stages = plan.stages();
        for (ReplayAssembler.ReplayStage st : stages) {
            try {
                st.stage().warmUp();
            } catch (Exception e) {
                throw new Replay.ReplayException("stage " + st.name() + ": warm-up failed: " + e);
            }
        }
        long startWall = System.nanoTime();
        long windowWall = 0;
        long firstHandled = Long.MIN_VALUE;
        long lastHandled = Long.MIN_VALUE;
        long windowFirstHandled = Long.MIN_VALUE;
        long inputs = 0;
        String divergence = null;
        for (int s; divergence == null && (s = next()) >= 0; ) {
            long atNanos = headLogTime[s] - file.firstLogTime();
            headLogTime[s] = Long.MIN_VALUE;
            if (atNanos > toNanos) {
                break;
            }
            boolean comparing = atNanos >= fromNanos;
            ReplayAssembler.ReplayStage st = stages.get(s);
            StageOrder o = orderMessages.get(s);
            long handled = handledNanos[s];
            if (o.input < 0 || o.input >= st.inputs().size()) {
                throw new Replay.ReplayException("stage " + st.name() + ": the recording names input " + o.input
                        + " but the profile's stage has " + st.inputs().size() + " inputs");
            }
            InputFeed<?> f = feeds.get(s).get(o.input);
            if (!f.load(o.sequence)) {
                if (f.fromRecording()) {
                    throw new Replay.ReplayException("input " + f.topic + " #" + o.sequence + ", which stage "
                            + st.name() + " handled, is not in the recording");
                }
                divergence = "stage " + st.name() + " handled " + f.topic + " #" + o.sequence
                        + " in the recording, but replay did not publish it";
                break;
            }
            if (firstHandled == Long.MIN_VALUE) {
                firstHandled = handled;
            }
            lastHandled = handled;
            if (comparing && windowFirstHandled == Long.MIN_VALUE) {
                windowFirstHandled = handled;
                windowWall = System.nanoTime();
            }
            if (comparing && speed > 0) {
                pace(windowWall, handled - windowFirstHandled);
            }
            clock.handling(handled, o.clock, o.clockReads);
            in.set(f.topic, f.originNanos, f.publishedNanos, o.sequence, f.chain);
            st.provenance().originNanos = f.originNanos;
            st.provenance().chain = -1;
            st.provenance().published = 0;
            recent.add(f.topic, o.sequence, f.originNanos, st.name());
            inputs++;
            try {
                ((Handler) st.handlers().get(o.input)).onMessage(f.message, in);
            } catch (Exception e) {
                st.stage().reset();
            }
            divergence = pollOutputs(comparing);
        }
        if (divergence == null && toNanos == Long.MAX_VALUE) {
            for (ReplayAssembler.ReplayStage st : stages) {
                try {
                    st.stage().flush();
                } catch (Exception e) {
                    // a flush that fails publishes nothing more to compare
                }
            }
            divergence = pollOutputs(true);
            for (int i = 0; divergence == null && wholeRecording && i < outputs.size(); i++) {
                OutputCheck<?> c = outputs.get(i);
                long expected = file.count(c.topic());
                if (c.published() != expected) {
                    divergence = "topic " + c.topic() + ": the recording has " + expected + " messages, replay published "
                            + c.published();
                }
            }
        }
        long wall = System.nanoTime() - startWall;
        for (ReplayAssembler.ReplayStage st : stages) {
            st.stage().close();
        }
        long compared = 0;
        int comparedTopics = 0;
        for (OutputCheck<?> c : outputs) {
            compared += c.compared();
            comparedTopics += c.compared() > 0 ? 1 : 0;
        }
        double recordedS = firstHandled == Long.MIN_VALUE ? 0 : (lastHandled - firstHandled) * 1e-9;
        return new Replay.Result(inputs, compared, comparedTopics, divergence, recordedS, wall, setupNanos);
    }

    private String pollOutputs(boolean comparing) throws Replay.ReplayException {
        for (int i = 0; i < outputs.size(); i++) {
            String d = outputs.get(i).poll(comparing);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private void pace(long startWall, long recordedOffset) {
        long due = startWall + (long) (recordedOffset / speed);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
