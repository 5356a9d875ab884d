package io.afferent.runtime.run;

import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the threads of a pipeline run when their {@code rt.cpus} do not say: each stage shares one CPU with the
 * reader threads that feed it ({@code process.colocate}, on by default).
 *
 * <p>Why: a reader hands each sample to its stage by waking the stage's thread. When the stage sleeps on another,
 * idle CPU, that wake-up is an inter-processor interrupt to a CPU that must first leave its idle state; on a
 * laptop a deep C-state, on a virtual machine a halted vCPU that the host has to schedule again, which took up to
 * milliseconds on the machine the README's figures come from (ftrace: the stage woken, its CPU left idle for
 * 1-4 ms). On the reader's own CPU the stage is queued behind a thread that is about to sleep and runs a few
 * microseconds later. The readers and stages of the shipped profiles use a few percent of a core, so sharing one
 * costs nothing measurable.
 *
 * <p>Rules, in profile order: a stage with {@code rt.cpus} keeps them; otherwise it goes where the first of its
 * pinned readers is pinned, or else to the next CPU of the process counted down from the highest (CPU 0, where
 * most interrupts land, comes last). Reader threads without {@code rt.cpus} then join the first stage they feed,
 * in profile order, until the periodic samples of the readers on that CPU would pass
 * {@link #MAX_SHARED_RATE_HZ} a second; the readers after that are left to the scheduler. One CPU of the test VM
 * kept 8 simulated 1 kHz sources and their stage in step, and fell behind at 16 and 32 ({@code afferent bench
 * scale}). A streaming source's rate is not known in advance and counts as 0. Called once, before the threads
 * start.
 */
public final class Placement {
    /**
     * The CPUs to pin threads to, by stage name and by reader thread name ({@link SourceConfig#thread()});
     * threads not named keep their settings.
     */
    public record Pins(Map<String, List<Integer>> stages, Map<String, List<Integer>> readerThreads) {
        public static final Pins NONE = new Pins(Map.of(), Map.of());

        public Pins {
            stages = Map.copyOf(stages);
            readerThreads = Map.copyOf(readerThreads);
        }
    }

    /** The most periodic samples per second that the readers sharing a stage's CPU may take together. */
    public static final double MAX_SHARED_RATE_HZ = 5000;

    private Placement() {
    }

    /** @param allowedCpus the CPUs this process may use (its affinity); empty when not known, then nothing moves */
    public static Pins colocate(List<StageConfig> stages, List<SourceConfig> sources, List<Integer> allowedCpus) {
        if (allowedCpus.isEmpty()) {
            return Pins.NONE;
        }
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        Map<String, List<Integer>> readers = new LinkedHashMap<>();
        Map<String, SourceConfig> byName = new LinkedHashMap<>();
        for (SourceConfig s : sources) {
            byName.put(s.name(), s);
        }
        int next = allowedCpus.size() - 1;
        Map<String, List<Integer>> stageCpus = new LinkedHashMap<>();
        for (StageConfig st : stages) {
            List<Integer> cpus = st.rt().cpus();
            if (cpus.isEmpty()) {
                for (String in : st.inputs()) {
                    SourceConfig s = byName.get(in);
                    if (s != null && !s.rt().cpus().isEmpty()) {
                        cpus = s.rt().cpus();
                        break;
                    }
                }
            }
            if (cpus.isEmpty()) {
                cpus = List.of(allowedCpus.get(Math.floorMod(next--, allowedCpus.size())));
            }
            stageCpus.put(st.name(), cpus);
            if (st.rt().cpus().isEmpty()) {
                out.put(st.name(), cpus);
            }
        }
        Map<String, Double> threadRate = new LinkedHashMap<>();
        for (SourceConfig s : sources) {
            threadRate.merge(s.thread(), s.rateHz(), Double::sum);
        }
        Map<List<Integer>, Double> cpuRate = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (StageConfig st : stages) {
            List<Integer> cpus = stageCpus.get(st.name());
            for (String in : st.inputs()) {
                SourceConfig s = byName.get(in);
                if (s == null || !s.rt().cpus().isEmpty() || !seen.add(s.thread())) {
                    continue;
                }
                double rate = threadRate.get(s.thread());
                double already = cpuRate.getOrDefault(cpus, 0.0);
                if (already + rate <= MAX_SHARED_RATE_HZ) {
                    readers.put(s.thread(), cpus);
                    cpuRate.put(cpus, already + rate);
                }
            }
        }
        return new Pins(out, readers);
    }
}
