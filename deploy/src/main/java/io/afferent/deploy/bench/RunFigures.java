package io.afferent.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The figures a comparison reads from one run's {@code summary.json} (or the Python baseline's JSON, which has the
 * same shape for these keys), in µs.
 *
 * @param latenessP99 the lateness p99 of the reader named imu, else of the fastest periodic one (p99.9 and max alike)
 * @param queueP999   the first stage's queue latency p99.9
 * @param e2eP999     end to end p99.9 by input ({@code imu}, {@code wheels}, ...)
 */
record RunFigures(String who, double latenessP99, double latenessP999, double latenessMax, String latenessSource,
                  double queueP50, double queueP99, double queueP999, Map<String, Double> e2eP999,
                  Map<String, Double> e2eP99, long dropped, double cpuPct, double platformP99) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The worst end to end p99.9 over the inputs. */
    double worstE2eP999() {
        return e2eP999.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** {@code summary.json} in {@code reportBase}'s one run directory. */
    static RunFigures ofRunUnder(String who, Path reportBase) throws IOException {
        try (Stream<Path> dirs = Files.list(reportBase)) {
            Path summary = dirs.map(d -> d.resolve("summary.json")).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IOException("no summary.json under " + reportBase));
            return of(who, summary);
        }
    }

    static RunFigures of(String who, Path json) throws IOException {
        JsonNode r = JSON.readTree(json.toFile());
        // The reader the comparison is about: the source named imu, else the periodic source of the highest rate
        // (a 10 Hz source's p99.9 over a short run is its maximum).
        double lp99 = 0, lp999 = 0, lmax = 0;
        String chosen = "";
        double chosenRate = -1;
        long dropped = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("sources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            dropped += s.getValue().path("dropped").asLong(0);
            JsonNode l = s.getValue().path("lateness_us");
            double rate = s.getKey().equals("imu") ? Double.MAX_VALUE : s.getValue().path("rate_hz").asDouble(0);
            if (l.isObject() && rate > chosenRate) {
                chosenRate = rate;
                lp99 = l.path("p99").asDouble();
                lp999 = l.path("p999").asDouble();
                lmax = l.path("max").asDouble();
                chosen = s.getKey();
            }
        }
        String worst = chosen;
        JsonNode stage = r.path("stages").elements().hasNext() ? r.path("stages").elements().next() : JSON.nullNode();
        JsonNode q = stage.path("queue_us");
        Map<String, Double> e2e999 = new LinkedHashMap<>();
        Map<String, Double> e2e99 = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("end_to_end_us").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String input = e.getKey().substring(e.getKey().indexOf('/') + 1);
            e2e999.put(input, e.getValue().path("p999").asDouble());
            e2e99.put(input, e.getValue().path("p99").asDouble());
        }
        JsonNode platform = r.path("platform").path("lateness_us");
        return new RunFigures(who, lp99, lp999, lmax, worst, q.path("p50").asDouble(), q.path("p99").asDouble(),
                q.path("p999").asDouble(), e2e999, e2e99, dropped, r.path("process").path("cpu_pct").asDouble(),
                platform.isObject() ? platform.path("p99").asDouble() : Double.NaN);
    }
}
