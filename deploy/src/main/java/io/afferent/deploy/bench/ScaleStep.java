package io.afferent.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of {@code bench scale}: what N sources at a rate cost and what timing they kept, from the step's
 * {@code summary.json}. Times in µs, CPU in % of one core over the run.
 *
 * @param threadCpuPct CPU of each of the run's threads (readers, stage, reporter), % of one core
 * @param jvmOtherCpuPct the rest of the process: the JIT compilers, GC and the JVM's own threads
 */
record ScaleStep(int sources, double rateHz, double configuredSamplesPerS, double samplesPerS, double cpuPct,
                 Map<String, Double> threadCpuPct, double jvmOtherCpuPct, double latenessP99, double latenessMax,
                 double queueP99, double queueP999, double e2eP99, double e2eP999, long dropped, long missedPeriods,
                 long allocatedAfterWarmupBytes, double platformP99, double platformMax, double rssMb) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Whether the step kept up: nothing dropped and at least 97 % of the configured rate achieved. Periods a reader
     * skipped after waking a whole period late count against the rate; on a shared machine the host's own stalls
     * cause some (the platform probe of the step shows how late the machine itself was).
     */
    boolean keptUp() {
        return dropped == 0 && samplesPerS >= 0.97 * configuredSamplesPerS;
    }

    /** The thread that used the most CPU, and how much. */
    Map.Entry<String, Double> busiestThread() {
        return threadCpuPct.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(Map.entry("none", 0.0));
    }

    static ScaleStep of(int sources, double rateHz, Path summary) throws IOException {
        JsonNode r = JSON.readTree(summary.toFile());
        double duration = r.path("duration_s").asDouble();
        double lp99 = 0, lmax = 0, rate = 0;
        long dropped = 0, missed = 0;
        for (Iterator<JsonNode> it = r.path("sources").elements(); it.hasNext(); ) {
            JsonNode s = it.next();
            lp99 = Math.max(lp99, s.path("lateness_us").path("p99").asDouble());
            lmax = Math.max(lmax, s.path("lateness_us").path("max").asDouble());
            dropped += s.path("dropped").asLong();
            missed += s.path("missed_periods").asLong();
            rate += s.path("rate_hz").asDouble();
        }
        JsonNode stage = r.path("stages").elements().next();
        double e2e99 = 0, e2e999 = 0;
        for (Iterator<JsonNode> it = r.path("end_to_end_us").elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            e2e99 = Math.max(e2e99, e.path("p99").asDouble());
            e2e999 = Math.max(e2e999, e.path("p999").asDouble());
        }
        Map<String, Double> threads = new LinkedHashMap<>();
        double threadsTotal = 0;
        long alloc = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("threads").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            double pct = 100 * t.getValue().path("cpu_time_s").asDouble() / duration;
            threads.put(t.getKey(), pct);
            threadsTotal += pct;
            alloc += Math.max(0, t.getValue().path("allocated_after_warmup_bytes").asLong());
        }
        double cpu = r.path("process").path("cpu_pct").asDouble();
        JsonNode platform = r.path("platform").path("lateness_us");
        return new ScaleStep(sources, rateHz, sources * rateHz, rate, cpu, threads, Math.max(0, cpu - threadsTotal),
                lp99, lmax, stage.path("queue_us").path("p99").asDouble(), stage.path("queue_us").path("p999").asDouble(),
                e2e99, e2e999, dropped, missed, alloc, platform.path("p99").asDouble(Double.NaN),
                platform.path("max").asDouble(Double.NaN), r.path("process").path("rss_peak_mb").asDouble());
    }
}
