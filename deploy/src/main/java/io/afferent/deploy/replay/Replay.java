package io.afferent.deploy.replay;

import io.afferent.api.ConfigError;
import io.afferent.api.Handler;
import io.afferent.api.Input;
import io.afferent.api.MessageType;
import io.afferent.config.ConfigException;
import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.deploy.Plugins;
import io.afferent.mcap.McapContents;
import io.afferent.mcap.McapFormatException;
import io.afferent.mcap.McapReader;
import io.afferent.mcap.McapRecord;
import io.afferent.record.ExactCodec;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.runtime.plugin.PluginException;
import io.afferent.runtime.plugin.PluginRegistry;
import io.afferent.runtime.plugin.ReplayAssembler;
import io.afferent.runtime.topic.LaggingReader;
import io.afferent.runtime.topic.StageOrder;
import io.afferent.runtime.topic.Topic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a recording: the recorded source topics are fed, in each stage's recorded handling order
 * ({@code STAGE/order}) and with their recorded envelopes, into the stages of the recorded profile (or another
 * one), synchronously on one thread with a virtual clock set to each recorded handling time; every output the
 * stages publish is compared bit for bit with the recorded one. Use it from a test:
 *
 * <pre>{@code
 * Replay.Result r = Replay.of(Path.of("run.mcap")).verify();
 * assertTrue(r.identical(), r.describe());
 * }</pre>
 *
 * <p>Single thread.
 */
public final class Replay {
    /** A recording or profile that cannot be replayed; its message says why (a CLI prints it and exits 2). */
    public static final class ReplayException extends Exception {
        public ReplayException(String message) {
            super(message);
        }
    }

    /** What a replay found. {@code divergence} is null when every output was identical. */
    public record Result(long inputs, long compared, int topics, String divergence, double recordedSeconds,
                         double replayNanos) {
        public boolean identical() {
            return divergence == null;
        }

        /** One line (or, for a divergence, a few) for a CLI or an assertion message. */
        public String describe() {
            return divergence == null
                    ? "identical: " + compared + " messages on " + topics + " topics (" + inputs + " inputs replayed)"
                    : "divergence: " + divergence;
        }

        /** Recorded time replayed per second of replay. */
        public double speedFactor() {
            return replayNanos <= 0 ? Double.POSITIVE_INFINITY : recordedSeconds / (replayNanos * 1e-9);
        }
    }

    private final Path file;
    private Path profileFile;
    private double speed; // 0 = as fast as possible
    private double fromS = Double.NEGATIVE_INFINITY;
    private double toS = Double.POSITIVE_INFINITY;
    private List<Path> plugins = List.of();

    private Replay(Path file) {
        this.file = file;
    }

    public static Replay of(Path recording) {
        return new Replay(recording);
    }

    /** Replays into the stages of this profile instead of the recorded one (to try a change). */
    public Replay profile(Path profile) {
        this.profileFile = profile;
        return this;
    }

    /** 0 for as fast as the stages allow; 1 for real time; N for N times real time. */
    public Replay speed(double factor) {
        this.speed = factor;
        return this;
    }

    /** Replays only inputs handled between these times, in seconds from the recording's first message. */
    public Replay window(double fromSeconds, double toSeconds) {
        this.fromS = fromSeconds;
        this.toS = toSeconds;
        return this;
    }

    public Replay plugins(List<Path> jars) {
        this.plugins = List.copyOf(jars);
        return this;
    }

    /** Replays and compares every output; never throws for a divergence (see {@link Result#identical()}). */
    public Result verify() throws ReplayException, IOException {
        return new Run().run();
    }

    /** An input handled, for the lines that show what came just before a divergence. */
    private record Recent(String topic, long sequence, long originNanos, String stage) {
    }

    /**
     * One handling recorded on a stage's order topic. {@code startedNanos} orders the handlings of all stages: a stage
     * cannot begin to handle a message before the stage that published it began the handling that published it.
     */
    private record Step(int stage, int input, long sequence, long handledNanos, long startedNanos, long[] clockReads,
                        int clockReadCount) {
    }

    private final class Run {
        final Map<String, List<McapRecord.Message>> byTopic = new LinkedHashMap<>();
        final Map<String, String> typeOf = new HashMap<>();
        /** Topics some stage reads (their replayed messages are kept for it). */
        final java.util.Set<String> consumed = new java.util.HashSet<>();
        /** Messages replay published, per output topic. */
        final Map<String, Long> replayedCounts = new HashMap<>();
        long firstLogTime = Long.MAX_VALUE;
        long lastLogTime = Long.MIN_VALUE;

        Result run() throws ReplayException, IOException {
            McapContents c = read();
            Path profilePath = profileFile != null ? profileFile : recordedProfile(c);
            PluginRegistry registry;
            Profile profile;
            try {
                registry = Plugins.load(profilePath, plugins);
                profile = new ProfileLoader(registry.catalog()).load(profilePath);
            } catch (PluginException e) {
                throw new ReplayException(e.getMessage());
            } catch (ConfigException e) {
                throw new ReplayException("profile " + profilePath + ": " + e.getMessage());
            }
            VirtualClock clock = new VirtualClock();
            ReplayAssembler.ReplayPlan plan;
            Path tmp = Files.createTempDirectory("afferent-replay");
            try {
                plan = ReplayAssembler.assemble(profile, registry, clock, 0, tmp);
            } catch (ConfigError e) {
                throw new ReplayException("profile " + profilePath + ": " + e.getMessage());
            }
            try {
                return replay(plan, clock);
            } finally {
                plan.run().close();
            }
        }

        McapContents read() throws ReplayException, IOException {
            McapContents c;
            try {
                c = McapReader.readAll(file);
            } catch (McapFormatException e) {
                throw new ReplayException(e.getMessage());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ReplayException(file + " does not exist");
            }
            if (c.truncated()) {
                throw new ReplayException(file + " is truncated (" + c.truncation() + "): repair it first with"
                        + " 'afferent record repair " + file + "'");
            }
            for (McapRecord.Message m : c.messages()) {
                McapRecord.Channel ch = c.channels().get(m.channelId());
                String t = ch.metadata().get("afferent_topic");
                if (t == null || !ch.topic().startsWith("/afferent/")) {
                    continue;
                }
                typeOf.putIfAbsent(t, ch.metadata().get("afferent_type"));
                byTopic.computeIfAbsent(t, k -> new ArrayList<>()).add(m);
                firstLogTime = Math.min(firstLogTime, m.logTime());
                lastLogTime = Math.max(lastLogTime, m.logTime());
            }
            if (byTopic.isEmpty()) {
                throw new ReplayException(file + " has no afferent topics (/afferent/TOPIC channels): not a recording of afferent run --record");
            }
            return c;
        }

        Path recordedProfile(McapContents c) throws ReplayException, IOException {
            for (McapRecord.Attachment a : c.attachments()) {
                if (a.name().equals("profile.yaml")) {
                    String original = "";
                    for (McapRecord.Metadata m : c.metadata()) {
                        if (m.name().equals("afferent")) {
                            original = m.metadata().getOrDefault("profile_file", "");
                        }
                    }
                    Path dir = Files.createTempDirectory("afferent-replay-profile");
                    String name = original.isEmpty() ? "recorded.yaml" : Path.of(original).getFileName().toString();
                    Path p = dir.resolve(name);
                    Files.write(p, a.data());
                    return p;
                }
            }
            throw new ReplayException(file + " has no profile.yaml attachment: give the profile with --profile");
        }

        <M> Map<Long, M> decodeAll(String topic, MessageType<M> type, Map<Long, ExactCodec.Envelope> envelopes)
                throws ReplayException {
            ExactCodec<M> codec = new ExactCodec<>(type);
            Map<Long, M> out = new HashMap<>();
            String recordedType = typeOf.get(topic);
            if (recordedType != null && !recordedType.equals(type.name())) {
                throw new ReplayException("topic '" + topic + "' was recorded as " + recordedType + " but the profile's "
                        + "topic carries " + type.name());
            }
            for (McapRecord.Message m : byTopic.getOrDefault(topic, List.of())) {
                M msg = type.create();
                ExactCodec.Envelope e;
                try {
                    e = codec.decode(m.data(), msg);
                } catch (RuntimeException ex) {
                    throw new ReplayException("topic '" + topic + "': a recorded message does not match the schema of "
                            + type.name() + " (" + ex.getMessage() + ")");
                }
                out.put(e.sequence(), msg);
                envelopes.put(e.sequence(), e);
            }
            return out;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Result replay(ReplayAssembler.ReplayPlan plan, VirtualClock clock) throws ReplayException {
            List<ReplayAssembler.ReplayStage> stages = plan.stages();
            stages.forEach(st -> consumed.addAll(st.inputs()));
            Map<String, Topic<?>> topics = plan.topics();
            Map<String, Map<Long, Object>> recorded = new HashMap<>();
            Map<String, Map<Long, ExactCodec.Envelope>> envelopes = new HashMap<>();
            for (Topic<?> t : topics.values()) {
                Map<Long, ExactCodec.Envelope> env = new HashMap<>();
                recorded.put(t.name(), (Map<Long, Object>) decodeAll(t.name(), t.type(), env));
                envelopes.put(t.name(), env);
            }
            // every handling of every stage, in the order of their recorded times
            List<Step> steps = new ArrayList<>();
            for (int s = 0; s < stages.size(); s++) {
                String orderTopic = stages.get(s).name() + StageOrder.SUFFIX;
                List<McapRecord.Message> order = byTopic.get(orderTopic);
                if (order == null) {
                    throw new ReplayException(file + " has no handling order for stage '" + stages.get(s).name()
                            + "' (topic " + orderTopic + "): the profile's stages are not the recorded ones");
                }
                ExactCodec<StageOrder> codec = new ExactCodec<>(StageOrder.TYPE);
                StageOrder o = new StageOrder();
                for (McapRecord.Message m : order) {
                    ExactCodec.Envelope e = codec.decode(m.data(), o);
                    double t = (m.logTime() - firstLogTime) * 1e-9;
                    if (t >= fromS && t <= toS) {
                        steps.add(new Step(s, o.input, o.sequence, e.publishedNanos(), o.startedNanos, o.clock.clone(),
                                o.clockReads));
                    }
                }
            }
            steps.sort(Comparator.comparingLong(Step::startedNanos).thenComparingInt(Step::stage));
            // outputs: what each stage publishes, read back after each step
            Map<String, LaggingReader<?>> outputs = new LinkedHashMap<>();
            Map<String, ExactCodec<?>> codecs = new HashMap<>();
            Map<String, Map<Long, Object>> replayed = new HashMap<>();
            Map<String, Map<Long, long[]>> replayedEnvelopes = new HashMap<>();
            for (ReplayAssembler.ReplayStage st : stages) {
                for (Topic<?> t : topics.values()) {
                    if (t.publisher().equals("stage " + st.name()) && !outputs.containsKey(t.name())) {
                        outputs.put(t.name(), t.newLaggingReader("replay"));
                        codecs.put(t.name(), new ExactCodec<>(t.type()));
                        replayed.put(t.name(), new HashMap<>());
                        replayedEnvelopes.put(t.name(), new HashMap<>());
                    }
                }
            }
            for (ReplayAssembler.ReplayStage st : stages) {
                try {
                    st.stage().warmUp();
                } catch (Exception e) {
                    throw new ReplayException("stage " + st.name() + ": warm-up failed: " + e);
                }
            }
            ReplayInput in = new ReplayInput();
            ArrayDeque<Recent> recent = new ArrayDeque<>();
            long compared = 0;
            long[] comparedOn = new long[1];
            java.util.Set<String> comparedTopics = new java.util.TreeSet<>();
            String divergence = null;
            long startWall = System.nanoTime();
            long firstHandled = steps.isEmpty() ? 0 : steps.getFirst().handledNanos();
            long inputs = 0;
            for (Step step : steps) {
                ReplayAssembler.ReplayStage st = stages.get(step.stage());
                if (step.input() < 0 || step.input() >= st.inputs().size()) {
                    throw new ReplayException("stage " + st.name() + ": the recording names input " + step.input()
                            + " but the profile's stage has " + st.inputs().size() + " inputs");
                }
                String topic = st.inputs().get(step.input());
                Object msg;
                long origin;
                long published;
                int chain;
                if (replayed.containsKey(topic)) {
                    msg = replayed.get(topic).get(step.sequence());
                    long[] env = replayedEnvelopes.get(topic).get(step.sequence());
                    if (msg == null) {
                        divergence = "stage " + st.name() + " handled " + topic + " #" + step.sequence()
                                + " in the recording, but replay did not publish it";
                        break;
                    }
                    origin = env[0];
                    published = env[1];
                    chain = (int) env[2];
                } else {
                    msg = recorded.get(topic).get(step.sequence());
                    ExactCodec.Envelope e = envelopes.get(topic).get(step.sequence());
                    if (msg == null) {
                        throw new ReplayException("input " + topic + " #" + step.sequence() + ", which stage " + st.name()
                                + " handled, is not in the recording");
                    }
                    origin = e.originNanos();
                    published = e.publishedNanos();
                    chain = e.chain();
                }
                if (speed > 0) {
                    pace(startWall, step.handledNanos() - firstHandled);
                }
                clock.handling(step.handledNanos(), step.clockReads(), step.clockReadCount());
                in.set(topic, origin, published, step.sequence(), chain);
                st.provenance().originNanos = origin;
                st.provenance().chain = -1;
                st.provenance().published = 0;
                recent.addLast(new Recent(topic, step.sequence(), origin, st.name()));
                if (recent.size() > 5) {
                    recent.removeFirst();
                }
                inputs++;
                try {
                    ((Handler) st.handlers().get(step.input())).onMessage(msg, in);
                } catch (Exception e) {
                    st.stage().reset();
                }
                divergence = collect(outputs, codecs, recorded, replayed, replayedEnvelopes, comparedTopics, comparedOn,
                        envelopes, recent);
                if (divergence != null) {
                    break;
                }
            }
            if (divergence == null) {
                for (ReplayAssembler.ReplayStage st : stages) {
                    try {
                        st.stage().flush();
                    } catch (Exception e) {
                        // a flush that fails publishes nothing more to compare
                    }
                }
                divergence = collect(outputs, codecs, recorded, replayed, replayedEnvelopes, comparedTopics, comparedOn,
                        envelopes, recent);
            }
            if (divergence == null) {
                for (String topic : replayed.keySet()) {
                    long expected = recorded.get(topic).size();
                    long got = replayedCounts.getOrDefault(topic, 0L);
                    if (fromS == Double.NEGATIVE_INFINITY && toS == Double.POSITIVE_INFINITY && got != expected) {
                        divergence = "topic " + topic + ": the recording has " + expected + " messages, replay published " + got;
                        break;
                    }
                }
            }
            compared = comparedOn[0];
            long wall = System.nanoTime() - startWall;
            for (ReplayAssembler.ReplayStage st : stages) {
                st.stage().close();
            }
            double recordedS = steps.isEmpty() ? 0 : (steps.getLast().handledNanos() - firstHandled) * 1e-9;
            return new Result(inputs, compared, comparedTopics.size(), divergence, recordedS, wall);
        }

        private String describe(ArrayDeque<Recent> recent, Map<String, Map<Long, ExactCodec.Envelope>> envelopes) {
            List<String> lines = new ArrayList<>();
            for (Recent r : recent) {
                lines.add(String.format("%s #%d (acquired at %.6f s) -> stage %s", r.topic(), r.sequence(),
                        (r.originNanos() - firstOrigin(envelopes)) * 1e-9, r.stage()));
            }
            return String.join("\n  ", lines);
        }

        private long firstOriginCache = Long.MIN_VALUE;

        private long firstOrigin(Map<String, Map<Long, ExactCodec.Envelope>> envelopes) {
            if (firstOriginCache == Long.MIN_VALUE) {
                long min = Long.MAX_VALUE;
                for (Map<Long, ExactCodec.Envelope> m : envelopes.values()) {
                    for (ExactCodec.Envelope e : m.values()) {
                        min = Math.min(min, e.originNanos());
                    }
                }
                firstOriginCache = min == Long.MAX_VALUE ? 0 : min;
            }
            return firstOriginCache;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private String collect(Map<String, LaggingReader<?>> outputs, Map<String, ExactCodec<?>> codecs,
                               Map<String, Map<Long, Object>> recorded, Map<String, Map<Long, Object>> replayed,
                               Map<String, Map<Long, long[]>> replayedEnvelopes, java.util.Set<String> comparedTopics,
                               long[] compared, Map<String, Map<Long, ExactCodec.Envelope>> envelopes,
                               ArrayDeque<Recent> recent) throws ReplayException {
            String[] found = new String[1];
            for (Map.Entry<String, LaggingReader<?>> e : outputs.entrySet()) {
                String topic = e.getKey();
                ExactCodec codec = codecs.get(topic);
                MessageType type = codec.type();
                try {
                    ((LaggingReader) e.getValue()).poll((m, input) -> {
                        Input i = (Input) input;
                        replayedCounts.merge(topic, 1L, Long::sum);
                        if (consumed.contains(topic)) {
                            // a later stage reads this topic: keep the replayed message for it
                            Object copy = type.create();
                            type.copy(m, copy);
                            replayed.get(topic).put(i.sequence(), copy);
                            replayedEnvelopes.get(topic).put(i.sequence(), new long[]{i.originNanos(), i.publishedNanos(), i.chain()});
                        }
                        if (found[0] != null) {
                            return;
                        }
                        Object rec = recorded.get(topic).get(i.sequence());
                        if (rec == null) {
                            found[0] = "topic " + topic + " #" + i.sequence() + ": replay published a message the recording does not have"
                                    + "; inputs just before it:\n  " + describe(recent, envelopes);
                            return;
                        }
                        String diff = type.sameBits(rec, m) ? null : codec.firstDifference(rec, m);
                        if (diff != null) {
                            ExactCodec.Envelope env = envelopes.get(topic).get(i.sequence());
                            found[0] = String.format("topic %s #%d at %.6f s (acquisition time of its input), field %s"
                                            + " (recorded vs replayed); inputs just before it:%n  %s", topic, i.sequence(),
                                    (env.originNanos() - firstOrigin(envelopes)) * 1e-9, diff, describe(recent, envelopes));
                            return;
                        }
                        compared[0]++;
                        comparedTopics.add(topic);
                    }, Integer.MAX_VALUE);
                } catch (Exception ex) {
                    throw new ReplayException("reading the replayed outputs of " + topic + " failed: " + ex);
                }
                if (found[0] != null) {
                    return found[0];
                }
            }
            return null;
        }

        private void pace(long startWall, long recordedOffset) {
            long due = startWall + (long) (recordedOffset / speed);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    /**
     * The clock the stages see during replay: during each handling, the readings the stage made when it was recorded,
     * in order (then the last one again); outside a handling, the recorded time of the last handling.
     */
    private static final class VirtualClock implements NanoClock {
        long now;
        long[] reads = new long[0];
        int count;
        int next;

        void handling(long handledNanos, long[] recordedReads, int recordedCount) {
            now = handledNanos;
            reads = recordedReads;
            count = Math.min(recordedCount, recordedReads.length);
            next = 0;
        }

        @Override
        public long nanoTime() {
            if (next < count) {
                now = reads[next++];
            }
            return now;
        }
    }

    /** The envelope of the input being replayed, as the stage's handler sees it. */
    private static final class ReplayInput implements Input {
        private String topic;
        private long origin;
        private long published;
        private long sequence;
        private int chain;

        void set(String topic, long origin, long published, long sequence, int chain) {
            this.topic = topic;
            this.origin = origin;
            this.published = published;
            this.sequence = sequence;
            this.chain = chain;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public long originNanos() {
            return origin;
        }

        @Override
        public long publishedNanos() {
            return published;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public int chain() {
            return chain;
        }
    }
}
