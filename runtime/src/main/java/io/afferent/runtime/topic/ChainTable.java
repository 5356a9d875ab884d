package io.afferent.runtime.topic;

import io.afferent.runtime.timing.LatencyRecorder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chains of a run: every path a sample can take from a source's topic through the stages
 * ({@code imu → fusion → controller}), each with an id that travels in the envelope of every message on it, and
 * one latency recorder per chain: from the acquisition of the sample to the end of its handling by the chain's
 * last stage. Built on the set-up thread in topological order of the stages, then frozen; the recorder of a chain
 * is written only by the thread of its last stage.
 */
public final class ChainTable {
    private record Chain(String source, List<String> stages, LatencyRecorder latency) {
    }

    private final List<Chain> chains = new ArrayList<>();
    private final Map<String, Integer> byPath = new LinkedHashMap<>();
    private final Map<String, List<Integer>> onTopic = new LinkedHashMap<>();

    /** The chain of messages published by the source on {@code topic}. */
    public int root(String topic) {
        int id = intern(topic, List.of());
        onTopic.computeIfAbsent(topic, k -> new ArrayList<>()).add(id);
        return id;
    }

    /** The chain {@code chain} continued through {@code stage}. */
    public int extend(int chain, String stage) {
        Chain c = chains.get(chain);
        List<String> stages = new ArrayList<>(c.stages());
        stages.add(stage);
        return intern(c.source(), stages);
    }

    /** Records that messages of {@code chain} are published on {@code topic}. */
    public void publishes(String topic, int chain) {
        List<Integer> l = onTopic.computeIfAbsent(topic, k -> new ArrayList<>());
        if (!l.contains(chain)) {
            l.add(chain);
        }
    }

    /** The chains whose messages arrive on {@code topic} (set-up; stages processed in topological order). */
    public List<Integer> chainsOn(String topic) {
        return List.copyOf(onTopic.getOrDefault(topic, List.of()));
    }

    private int intern(String source, List<String> stages) {
        String key = source + "|" + String.join("|", stages);
        Integer id = byPath.get(key);
        if (id != null) {
            return id;
        }
        id = chains.size();
        chains.add(new Chain(source, List.copyOf(stages), stages.isEmpty() ? null
                : new LatencyRecorder("chain." + source + "->" + String.join("->", stages), false)));
        byPath.put(key, id);
        return id;
    }

    public int size() {
        return chains.size();
    }

    /**
     * Every chain's latency recorder (a source-only chain has none), for the reporter to sample: a recorder's
     * {@link LatencyRecorder#total()} holds only what was sampled. Tagged {@code chain.SOURCE->STAGE->...} in the
     * .hlog (a tag is ASCII without spaces).
     */
    public List<LatencyRecorder> recorders() {
        List<LatencyRecorder> out = new ArrayList<>();
        for (Chain c : chains) {
            if (c.latency() != null) {
                out.add(c.latency());
            }
        }
        return out;
    }

    /** Latency from acquisition to the end of handling at the chain's last stage; null for a source-only chain. */
    public LatencyRecorder latency(int chain) {
        return chains.get(chain).latency();
    }

    public String source(int chain) {
        return chains.get(chain).source();
    }

    public List<String> stages(int chain) {
        return chains.get(chain).stages();
    }

    /** {@code imu → fusion → controller}. */
    public String describe(int chain) {
        Chain c = chains.get(chain);
        return describe(c.source(), c.stages());
    }

    private static String describe(String source, List<String> stages) {
        StringBuilder sb = new StringBuilder(source);
        for (String s : stages) {
            sb.append(" \u2192 ").append(s);
        }
        return sb.toString();
    }

    /** Chains that no stage extends further: the ends to report, each with its hops (prefixes). */
    public List<Integer> maximal() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            Chain c = chains.get(i);
            if (c.stages().isEmpty()) {
                continue;
            }
            boolean extended = false;
            for (Chain d : chains) {
                if (d.source().equals(c.source()) && d.stages().size() == c.stages().size() + 1
                        && d.stages().subList(0, c.stages().size()).equals(c.stages())) {
                    extended = true;
                    break;
                }
            }
            if (!extended) {
                out.add(i);
            }
        }
        return out;
    }

    /** The id of the prefix of {@code chain} ending at its {@code hop}-th stage (0-based). */
    public int prefix(int chain, int hop) {
        Chain c = chains.get(chain);
        return byPath.get(c.source() + "|" + String.join("|", c.stages().subList(0, hop + 1)));
    }
}
