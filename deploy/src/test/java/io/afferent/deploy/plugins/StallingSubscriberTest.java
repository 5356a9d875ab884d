package io.afferent.deploy.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.deploy.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lagging subscriber of the IMU topic (a plugin's extension, as a recorder or a display would be) that stalls for
 * 2 s costs the fusion stage nothing: fusion loses no IMU sample and the reader drops none, while the subscriber's
 * own loss is counted exactly. The IMU ring holds 1 s here so that the stall must lose messages. Lateness and queue
 * latency with and without the stalling subscriber are printed, not asserted (this machine's noise).
 */
class StallingSubscriberTest {
    private static final String PLUGIN = """
            package stall;
            import io.afferent.api.*;
            import io.afferent.api.msg.Imu;
            public final class StallPlugin implements AfferentPlugin {
                public String name() { return "stall"; }
                public void register(Registry r) {
                    r.extension("stall", setup -> setup.sink("stall", "imu", Imu.TYPE, new Sink<Imu>() {
                        private long first = Long.MIN_VALUE;
                        private boolean stalled;
                        public void onMessage(Imu m, Input in) throws Exception {
                            if (first == Long.MIN_VALUE) first = in.originNanos();
                            if (!stalled && in.originNanos() - first > 1_500_000_000L) {
                                stalled = true;
                                Thread.sleep(2000);
                            }
                        }
                    }));
                }
            }
            """;

    private static JsonNode run(Path profile, Path reports, String... extra) throws IOException {
        Cli cli = new Cli();
        String[] base = {"run", profile.toString(), "--duration", "6s", "--report-dir", reports.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertEquals(0, cli.run(args), cli.err.toString());
        try (Stream<Path> runs = Files.list(reports)) {
            return new ObjectMapper().readTree(runs.toList().getFirst().resolve("summary.json").toFile());
        }
    }

    @Test
    void aStallingLaggingSubscriberCostsFusionNothingAndItsLossIsCounted(@TempDir Path tmp) throws IOException {
        Path jar = PluginJars.build(Map.of("stall/StallPlugin.java", PLUGIN,
                "META-INF/services/io.afferent.api.AfferentPlugin", "stall.StallPlugin\n"), tmp);
        String yaml = Files.readString(Cli.PROFILES.resolve("sim-laptop.yaml"))
                .replace("ring_size: 4096        # 4 s of samples", "ring_size: 1024");
        Path profile = tmp.resolve("sim-laptop-1s-ring.yaml");
        Files.writeString(profile, yaml);

        JsonNode without = run(profile, Files.createDirectories(tmp.resolve("without")));
        JsonNode with = run(profile, Files.createDirectories(tmp.resolve("with")), "--plugins", jar.toString());

        JsonNode imu = with.get("topics").get("imu");
        long published = imu.get("published").asLong();
        assertTrue(published > 4000, "1 kHz for 6 s: " + published);
        assertEquals(0, imu.get("dropped").asLong(), "the reader dropped nothing");
        assertEquals(0, with.get("sources").get("imu").get("dropped").asLong());
        JsonNode fusion = imu.get("subscribers").get("stage fusion");
        assertEquals(published, fusion.get("consumed").asLong(), "fusion took every IMU sample");
        JsonNode sink = imu.get("subscribers").get("sink stall");
        assertEquals("sink", sink.get("kind").asText());
        assertEquals(published, sink.get("consumed").asLong() + sink.get("dropped").asLong(), "exact accounting");
        assertTrue(sink.get("dropped").asLong() > 0, "a 2 s stall on a 1 s ring loses messages: " + sink);
        assertEquals(0, with.get("stages").get("fusion").get("errors").asLong());

        System.out.printf("stalling subscriber: imu lateness p99 %.1f µs without, %.1f µs with; fusion queue p99 %.1f"
                        + " µs without, %.1f µs with; the subscriber lost %d of %d%n",
                without.get("sources").get("imu").get("lateness_us").get("p99").asDouble(),
                with.get("sources").get("imu").get("lateness_us").get("p99").asDouble(),
                without.get("stages").get("fusion").get("queue_us").get("p99").asDouble(),
                with.get("stages").get("fusion").get("queue_us").get("p99").asDouble(),
                sink.get("dropped").asLong(), published);
    }
}
