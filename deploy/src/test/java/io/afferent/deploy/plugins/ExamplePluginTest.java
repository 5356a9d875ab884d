package io.afferent.deploy.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.deploy.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example plugin of {@code examples/battery}, built from its sources into a jar, run through the CLI on its
 * profile with {@code --plugins}: its source and stage run, its topic is published, and its stage's latency is in
 * the report per chain. Also the plugin errors a user meets: exit 2, one clear line, no stack trace.
 */
class ExamplePluginTest {
    static final Path EXAMPLE = Cli.PROFILES.getParent().getParent().resolve("examples").resolve("battery");

    private static Path profileUsing(Path jar, Path dir) throws IOException {
        String yaml = Files.readString(EXAMPLE.resolve("battery-on-sim-laptop.yaml"))
                .replace("plugins: [target/afferent-example-battery-1.0.jar]", "plugins: [" + jar + "]");
        Path p = dir.resolve("battery-on-sim-laptop.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void theExampleRunsAsAPluginAndItsChainsAreReported(@TempDir Path tmp) throws IOException {
        Path jar = PluginJars.build(EXAMPLE.resolve("src/main/java"), EXAMPLE.resolve("src/main/resources"), tmp);
        Path profile = profileUsing(jar, tmp);
        Path reports = tmp.resolve("reports");
        Cli cli = new Cli();
        int code = cli.run("run", profile.toString(), "--duration", "5s", "--report-dir", reports.toString());
        assertEquals(0, code, cli.err.toString());
        JsonNode s;
        try (Stream<Path> runs = Files.list(reports)) {
            s = new ObjectMapper().readTree(runs.toList().getFirst().resolve("summary.json").toFile());
        }
        JsonNode range = s.get("topics").get("range");
        assertEquals("range-estimate", range.get("type").asText());
        assertEquals("stage budget", range.get("publisher").asText());
        long batteries = s.get("topics").get("battery").get("published").asLong();
        assertTrue(batteries > 50, "20 Hz for 5 s: " + batteries);
        assertEquals(batteries, range.get("published").asLong(), "one estimate per battery reading");
        assertEquals(batteries, s.get("stages").get("budget").get("events").asLong()
                - s.get("topics").get("pose").get("subscribers").get("stage budget").get("consumed").asLong());
        List<String> paths = new ArrayList<>();
        for (JsonNode c : s.get("chains")) {
            paths.add(c.get("path").asText());
            if (c.get("path").asText().endsWith("budget")) {
                JsonNode last = c.get("hops").get(c.get("hops").size() - 1);
                assertEquals("budget", last.get("stage").asText());
                assertTrue(last.get("latency_us").get("count").asLong() > 0, c.toString());
                assertTrue(c.get("end_to_end_us").get("p99").asDouble() > 0, c.toString());
            }
        }
        assertTrue(paths.contains("battery \u2192 budget"), paths.toString());
        assertTrue(paths.contains("imu \u2192 fusion \u2192 budget"), paths.toString());
        assertTrue(cli.out.toString().contains("imu \u2192 fusion \u2192 budget"), cli.out.toString());
    }

    @Test
    void aMissingPluginJarIsAClearErrorWithExitCode2(@TempDir Path tmp) throws IOException {
        Path profile = profileUsing(tmp.resolve("nowhere.jar"), tmp);
        Cli cli = new Cli();
        assertEquals(2, cli.run("run", profile.toString(), "--duration", "1s", "--report-dir", tmp.toString()));
        String err = cli.err.toString();
        assertEquals("afferent: plugin path " + tmp.resolve("nowhere.jar") + " does not exist", err.strip());
    }

    @Test
    void withoutThePluginTheTypeIsUnknownAtItsLine(@TempDir Path tmp) throws IOException {
        String yaml = Files.readString(EXAMPLE.resolve("battery-on-sim-laptop.yaml")).replace(
                "plugins: [target/afferent-example-battery-1.0.jar]", "");
        Path profile = tmp.resolve("p.yaml");
        Files.writeString(profile, yaml);
        Cli cli = new Cli();
        assertEquals(2, cli.run("run", profile.toString(), "--duration", "1s", "--report-dir", tmp.toString()));
        String err = cli.err.toString().strip();
        assertTrue(err.startsWith("afferent: configuration error: " + profile + ":"), err);
        assertTrue(err.contains("sources.battery.type: unknown source type 'sim-battery'"), err);
        assertTrue(!err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void twoPluginsRegisteringOneTypeNameAreRefused(@TempDir Path tmp) throws IOException {
        Path jar = PluginJars.build(EXAMPLE.resolve("src/main/java"), EXAMPLE.resolve("src/main/resources"),
                Files.createDirectories(tmp.resolve("a")));
        Path clash = PluginJars.build(java.util.Map.of(
                "x/Clash.java", """
                        package x;
                        public final class Clash implements io.afferent.api.AfferentPlugin {
                            public String name() { return "clash"; }
                            public void register(io.afferent.api.Registry r) {
                                r.stage("power-budget", s -> new io.afferent.api.Stage() { });
                            }
                        }
                        """,
                "META-INF/services/io.afferent.api.AfferentPlugin", "x.Clash\n"), Files.createDirectories(tmp.resolve("b")));
        Path profile = profileUsing(jar, tmp);
        Cli cli = new Cli();
        assertEquals(2, cli.run("run", profile.toString(), "--plugins", clash.toString(), "--duration", "1s",
                "--report-dir", tmp.toString()));
        String err = cli.err.toString().strip();
        assertTrue(err.startsWith("afferent: stage type 'power-budget' is registered by both plugin 'example-battery'"), err);
        assertTrue(err.contains("plugin 'clash'"), err);
    }
}
