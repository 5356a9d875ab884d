package io.afferent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Loads and strictly validates a profile. Every problem is a {@link ConfigException} naming the file,
 * line, column, key and what is allowed. Type-specific {@code params} are left to the factories that
 * build each source or stage (they use the same {@link ConfigMap} accessors, so their errors look alike).
 */
public final class ProfileLoader {
    public static final double MIN_RATE_HZ = 0.1;
    public static final double MAX_RATE_HZ = 20_000;
    public static final int MIN_RING_SIZE = 2;
    public static final int MAX_RING_SIZE = 1 << 22;
    public static final long MAX_DEADLINE_US = 10_000_000;

    private static final Map<String, WaitName> WAITS = ConfigMap.choicesOf(WaitName::word, WaitName.values());
    private static final Map<String, Overflow> OVERFLOWS = ConfigMap.choicesOf(Overflow::word, Overflow.values());
    private static final Map<String, ErrorPolicy> POLICIES = ConfigMap.choicesOf(ErrorPolicy::word, ErrorPolicy.values());
    private static final Map<String, String> SCHED = new LinkedHashMap<>();
    private static final Map<String, ReportConfig.StatusMode> STATUS = new LinkedHashMap<>();

    static {
        SCHED.put("other", "SCHED_OTHER");
        SCHED.put("fifo", "SCHED_FIFO");
        SCHED.put("rr", "SCHED_RR");
        STATUS.put("auto", ReportConfig.StatusMode.AUTO);
        STATUS.put("log", ReportConfig.StatusMode.LOG);
        STATUS.put("off", ReportConfig.StatusMode.OFF);
    }

    private final TypeCatalog catalog;

    public ProfileLoader(TypeCatalog catalog) {
        this.catalog = catalog;
    }

    public Profile load(Path file) throws ConfigException {
        return parse(file, YamlReader.read(file));
    }

    public Profile load(String fileName, String yaml) throws ConfigException {
        return parse(Path.of(fileName), YamlReader.read(fileName, yaml));
    }

    private Profile parse(Path file, ConfigMap root) throws ConfigException {
        String name = root.string("name", stripExtension(file.getFileName().toString()));
        root.string("description", "");

        ConfigNode sourcesNode = root.node("sources");
        if (sourcesNode == null) {
            throw new ConfigException(root.location(), "sources", "is required: a profile reads at least one source");
        }
        ConfigMap sourcesMap = root.map("sources");
        Map<String, ConfigMap> sourceMaps = sourcesMap.namedMaps();
        if (sourceMaps.isEmpty()) {
            throw sourcesNode.error("is empty: a profile reads at least one source");
        }
        List<SourceConfig> sources = new ArrayList<>();
        for (Map.Entry<String, ConfigMap> e : sourceMaps.entrySet()) {
            sources.add(source(e.getKey(), e.getValue(), sourcesMap.keyLocation(e.getKey())));
        }
        checkSharedThreads(sources);

        List<StageConfig> stages = new ArrayList<>();
        ConfigMap stagesMap = root.map("stages");
        for (Map.Entry<String, ConfigMap> e : stagesMap.namedMaps().entrySet()) {
            stages.add(stage(e.getKey(), e.getValue(), stagesMap.keyLocation(e.getKey())));
        }
        checkInputs(sourceMaps, stages);
        checkEverySourceConsumed(root, sources, stages);
        checkNoCycle(stages);

        ReportConfig report = report(root.map("report"));
        ProcessConfig process = process(root.map("process"));
        RobotConfig robot = robot(root.map("robot"));
        ConfigMap sim = root.map("sim");
        ConfigMap telemetry = root.map("telemetry");
        List<Path> plugins = plugins(file, root);
        ConfigMap record = root.has("record") ? root.map("record") : null;
        root.rejectUnknownKeys();
        return new Profile(name, file, robot, sources, stages, report, process, sim, telemetry, plugins, record);
    }

    private SourceConfig source(String name, ConfigMap m, Location at) throws ConfigException {
        checkName(m, name);
        String type = m.string("type");
        Boolean periodic = catalog.sourceTypes().get(type);
        if (periodic == null) {
            throw m.node("type").error("unknown source type '" + type + "' (allowed: "
                    + String.join(", ", new TreeSet<>(catalog.sourceTypes().keySet())) + ")");
        }
        double rateHz = 0;
        long phase = 0;
        if (periodic) {
            rateHz = m.number("rate_hz", MIN_RATE_HZ, MAX_RATE_HZ);
            long period = Math.round(1e9 / rateHz);
            phase = m.durationNanos("phase", 0, 0, 10_000_000_000L);
            if (phase >= period) {
                throw m.node("phase").error(Durations.format(phase) + " is not shorter than the period ("
                        + Durations.format(period) + " at rate_hz " + rateHz + "; allowed: 0 up to the period)");
            }
        } else if (m.has("rate_hz")) {
            throw m.node("rate_hz").error("a '" + type + "' source is not periodic: it delivers samples as its"
                    + " device sends them; remove rate_hz (device-side rates go in params)");
        } else if (m.has("phase")) {
            throw m.node("phase").error("a '" + type + "' source is not periodic: it has no timeline to shift");
        }
        int ringSize = ringSize(m);
        Overflow overflow = m.choice("overflow", Overflow.DROP, OVERFLOWS);
        String thread = m.string("thread", "own");
        boolean shared = !thread.equals("own");
        if (shared) {
            checkName(m, thread);
        }
        WaitName wait = m.choice("wait", WaitName.SLEEP, WAITS);
        ErrorPolicy onError = m.choice("on_error", ErrorPolicy.RESTART, POLICIES);
        long backoff = m.durationNanos("restart_backoff", 100_000_000L, 1_000_000L, 60_000_000_000L);
        long backoffMax = m.durationNanos("restart_backoff_max", 2_000_000_000L, backoff, 600_000_000_000L);
        // Periodic readers get a 1 ns timer slack unless told otherwise: the default 50 µs slack would
        // make every wake-up about 50 µs late.
        ThreadSettings rt = threadSettings(m.map("rt"), periodic ? 1 : 0);
        ConfigMap params = m.map("params");
        m.rejectUnknownKeys();
        return new SourceConfig(name, type, at, rateHz, ringSize, overflow, shared ? thread : name, shared,
                wait, onError, backoff, backoffMax, rt, params, phase);
    }

    private static int ringSize(ConfigMap m) throws ConfigException {
        return ringSize(m, "ring_size");
    }

    private static int ringSize(ConfigMap m, String key) throws ConfigException {
        int size = (int) m.integer(key, 1024, MIN_RING_SIZE, MAX_RING_SIZE);
        if (Integer.bitCount(size) != 1) {
            int lower = Integer.highestOneBit(size);
            throw m.node(key).error(size + " is not a power of two (allowed: a power of two from "
                    + MIN_RING_SIZE + " to " + MAX_RING_SIZE + ", e.g. " + lower + " or " + (lower << 1) + ")");
        }
        return size;
    }

    private StageConfig stage(String name, ConfigMap m, Location at) throws ConfigException {
        checkName(m, name);
        String type = m.string("type");
        List<String> ports = catalog.stageOutputs().get(type);
        if (ports == null) {
            throw m.node("type").error("unknown stage type '" + type + "' (allowed: "
                    + String.join(", ", new TreeSet<>(catalog.stageTypes())) + ")");
        }
        List<String> inputs = m.stringList("inputs");
        if (inputs.isEmpty()) {
            throw new ConfigException(m.location(), m.childPath("inputs"), "is required: name the topics this stage reads");
        }
        ConfigList inputNodes = m.node("inputs") instanceof ConfigList l ? l : null;
        List<Location> inputLocations = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.indexOf(inputs.get(i)) != i) {
                throw m.node("inputs").error("'" + inputs.get(i) + "' is listed twice");
            }
            inputLocations.add(inputNodes != null ? inputNodes.items().get(i).location() : m.node("inputs").location());
        }
        ConfigMap outputsMap = m.map("outputs");
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String port : ports) {
            String topic = outputsMap.string(port, port);
            if (!topic.matches("[A-Za-z0-9_-]+")) {
                throw outputsMap.node(port).error("topic name '" + topic + "' may hold letters, digits, '_' and '-' only");
            }
            outputs.put(port, topic);
        }
        if (!outputsMap.keys().isEmpty()) {
            for (String k : outputsMap.keys()) {
                if (!ports.contains(k)) {
                    throw new ConfigException(outputsMap.keyLocation(k), outputsMap.childPath(k), "stage type '" + type
                            + "' has no output port '" + k + "' (ports: " + (ports.isEmpty() ? "none" : String.join(", ", ports)) + ")");
                }
            }
        }
        int outputRingSize = m.has("output_ring_size") ? ringSize(m, "output_ring_size") : 1024;
        long deadlineUs = m.integer("deadline_us", 1, MAX_DEADLINE_US);
        WaitName wait = m.choice("wait", WaitName.BLOCK, WAITS);
        ErrorPolicy onError = m.choice("on_error", ErrorPolicy.STOP, POLICIES);
        ThreadSettings rt = threadSettings(m.map("rt"), 0);
        ConfigMap params = m.map("params");
        ConfigMap heartbeat = m.map("heartbeat");
        m.rejectUnknownKeys();
        return new StageConfig(name, type, at, inputs, inputLocations, outputs, outputRingSize, deadlineUs, wait,
                onError, rt, params, heartbeat);
    }

    /** Every input names a source or a stage's output topic; no topic is published twice. */
    private static void checkInputs(Map<String, ConfigMap> sources, List<StageConfig> stages) throws ConfigException {
        Map<String, String> publisher = new LinkedHashMap<>();
        for (String s : sources.keySet()) {
            publisher.put(s, "source '" + s + "'");
        }
        for (StageConfig st : stages) {
            for (String topic : st.outputs().values()) {
                String other = publisher.putIfAbsent(topic, "stage '" + st.name() + "'");
                if (other != null) {
                    throw new ConfigException(st.location(), "stages." + st.name() + ".outputs", "topic '" + topic
                            + "' is already published by " + other + "; rename it with outputs: {PORT: NAME}");
                }
            }
        }
        boolean onlySources = publisher.size() == sources.size();
        for (StageConfig st : stages) {
            for (int i = 0; i < st.inputs().size(); i++) {
                String in = st.inputs().get(i);
                if (!publisher.containsKey(in)) {
                    String msg = onlySources
                            ? "no source named '" + in + "' (sources in this profile: " + String.join(", ", sources.keySet()) + ")"
                            : "no topic named '" + in + "' (topics in this profile: " + String.join(", ", publisher.keySet()) + ")";
                    throw new ConfigException(st.inputLocations().get(i), "stages." + st.name() + ".inputs[" + i + "]", msg);
                }
            }
        }
    }

    /** Stages subscribe topics other stages publish: that graph must have no cycle. */
    private static void checkNoCycle(List<StageConfig> stages) throws ConfigException {
        Map<String, StageConfig> byOutput = new HashMap<>();
        for (StageConfig st : stages) {
            st.outputs().values().forEach(t -> byOutput.put(t, st));
        }
        Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
        for (StageConfig st : stages) {
            visit(st, byOutput, state, new ArrayList<>());
        }
    }

    private static void visit(StageConfig st, Map<String, StageConfig> byOutput, Map<String, Integer> state,
                              List<String> path) throws ConfigException {
        Integer s = state.get(st.name());
        if (s != null && s == 2) {
            return;
        }
        path.add(st.name());
        if (s != null) {
            throw new ConfigException(st.location(), "stages." + st.name() + ".inputs",
                    "the stages form a cycle: " + String.join(" \u2192 ", path) + " (a stage cannot depend on its own output)");
        }
        state.put(st.name(), 1);
        for (String in : st.inputs()) {
            StageConfig up = byOutput.get(in);
            if (up != null) {
                visit(up, byOutput, state, path);
            }
        }
        state.put(st.name(), 2);
        path.remove(path.size() - 1);
    }

    private static List<Path> plugins(Path file, ConfigMap root) throws ConfigException {
        List<Path> out = new ArrayList<>();
        Path base = file.toAbsolutePath().getParent();
        for (String p : root.stringList("plugins")) {
            Path path = Path.of(p);
            out.add(path.isAbsolute() || base == null ? path : base.resolve(path).normalize());
        }
        return out;
    }

    /**
     * The {@code plugins:} of a profile file, read before the profile itself (plugins bring the types the profile
     * names); relative paths resolve against the profile's directory.
     */
    public static List<Path> pluginPaths(Path file) throws ConfigException {
        ConfigMap root = YamlReader.read(file);
        return plugins(file, root);
    }

    private static ThreadSettings threadSettings(ConfigMap m, long defaultSlackNs) throws ConfigException {
        String policy = m.choice("policy", "SCHED_OTHER", SCHED);
        boolean realtime = !policy.equals("SCHED_OTHER");
        int priority = (int) m.integer("priority", realtime ? 10 : 0, realtime ? 1 : 0, realtime ? 99 : 0);
        int nice = (int) m.integer("nice", 0, -20, 19);
        if (realtime && m.has("nice")) {
            throw m.node("nice").error("nice applies to policy 'other' only; real-time policies use priority");
        }
        List<Integer> cpus = m.intList("cpus", 0, 1023);
        long slack = m.durationNanos("timer_slack", defaultSlackNs, 0, 1_000_000_000L);
        long spin = m.durationNanos("spin", 0, 0, 10_000_000L);
        long slice = 0;
        if (m.has("slice")) {
            if (realtime) {
                throw m.node("slice").error("slice applies to policy 'other' only (SCHED_FIFO runs until it blocks)");
            }
            slice = m.durationNanos("slice", 0, 0, ThreadSettings.MAX_SLICE_NS);
            if (slice != 0 && slice < ThreadSettings.MIN_SLICE_NS) {
                throw m.node("slice").error(Durations.format(slice) + " is below the kernel's minimum (allowed: 0 for"
                        + " the kernel's default, or 100us to 100ms)");
            }
        } else if (!realtime) {
            slice = ThreadSettings.LATENCY_SLICE_NS;
        }
        m.rejectUnknownKeys();
        return new ThreadSettings(policy, priority, nice, cpus, slack, spin, slice);
    }

    private static void checkSharedThreads(List<SourceConfig> sources) throws ConfigException {
        Map<String, SourceConfig> firstOnThread = new HashMap<>();
        for (SourceConfig s : sources) {
            SourceConfig first = firstOnThread.putIfAbsent(s.thread(), s);
            if (first == null) {
                continue;
            }
            if (!s.sharedThread() || !first.sharedThread()) {
                throw new ConfigException(s.location(), "sources." + s.name() + ".thread",
                        "thread name '" + s.thread() + "' is also the name of a source with its own thread; choose another");
            }
            if (!first.rt().equals(s.rt()) || first.waitStrategy() != s.waitStrategy()) {
                throw new ConfigException(s.location(), "sources." + s.name(),
                        "shares thread '" + s.thread() + "' with '" + first.name()
                                + "' but asks for different rt or wait settings; sources on one thread must agree");
            }
            if (first.periodic() != s.periodic()) {
                throw new ConfigException(s.location(), "sources." + s.name() + ".thread",
                        "periodic and streaming sources cannot share thread '" + s.thread()
                                + "' (a streaming source's blocking read would delay the periodic one's deadlines)");
            }
        }
    }

    private static void checkEverySourceConsumed(ConfigMap root, List<SourceConfig> sources, List<StageConfig> stages)
            throws ConfigException {
        if (stages.isEmpty()) {
            throw new ConfigException(root.location(), "stages", "is required: at least one stage must read the sources");
        }
        java.util.Set<String> read = new java.util.HashSet<>();
        stages.forEach(st -> read.addAll(st.inputs()));
        for (SourceConfig s : sources) {
            if (!read.contains(s.name())) {
                throw new ConfigException(s.location(), "sources." + s.name(),
                        "no stage reads this source; add it to a stage's inputs or remove it");
            }
        }
    }

    private static ReportConfig report(ConfigMap m) throws ConfigException {
        String dir = m.string("dir", "reports");
        long interval = m.durationNanos("interval", 1_000_000_000L, 100_000_000L, 60_000_000_000L);
        ReportConfig.StatusMode status = m.choice("status", ReportConfig.StatusMode.AUTO, STATUS);
        boolean hlog = m.bool("hlog", true);
        boolean charts = m.bool("charts", hlog);
        if (charts && !hlog) {
            throw m.node("charts").error("charts are drawn from the .hlog: set hlog: true too");
        }
        m.rejectUnknownKeys();
        return new ReportConfig(Path.of(dir), interval, status, hlog, charts);
    }

    private static RobotConfig robot(ConfigMap m) throws ConfigException {
        RobotConfig d = RobotConfig.DEFAULT;
        double radius = m.number("wheel_radius_m", d.wheelRadiusM(), 0.005, 2.0);
        double base = m.number("wheel_base_m", d.wheelBaseM(), 0.02, 5.0);
        int ticks = (int) m.integer("encoder_ticks_per_rev", d.encoderTicksPerRev(), 1, 1_000_000);
        m.rejectUnknownKeys();
        return new RobotConfig(radius, base, ticks);
    }

    private static ProcessConfig process(ConfigMap m) throws ConfigException {
        boolean lock = m.bool("lock_memory", false);
        boolean strict = m.bool("strict_rt", false);
        double probeHz = m.number("platform_probe_hz", 100, 0, 1000);
        int dmaLatencyUs = m.has("cpu_dma_latency")
                ? (int) (m.durationNanos("cpu_dma_latency", 0, 0, 10_000_000_000L) / 1000) : -1;
        List<Integer> housekeeping = m.intList("housekeeping_cpus", 0, 1023);
        if (m.has("housekeeping_cpus") && housekeeping.isEmpty()) {
            throw m.node("housekeeping_cpus").error("is an empty list (allowed: CPU numbers, e.g. [0], or leave the key out)");
        }
        boolean colocate = m.bool("colocate", true);
        m.rejectUnknownKeys();
        return new ProcessConfig(lock, strict, probeHz, dmaLatencyUs, housekeeping, colocate);
    }

    private static void checkName(ConfigMap m, String name) throws ConfigException {
        if (!name.matches("[A-Za-z][A-Za-z0-9_-]{0,31}")) {
            throw m.error("'" + name + "' is not a valid name (allowed: a letter, then up to 31 letters, digits, '_' or '-')");
        }
    }

    private static String stripExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
