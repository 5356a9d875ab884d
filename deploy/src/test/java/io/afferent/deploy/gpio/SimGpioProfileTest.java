package io.afferent.deploy.gpio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.config.SourceConfig;
import io.afferent.deploy.Cli;
import io.afferent.drivers.gpio.GpioHost;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.api.StreamOutput;
import io.afferent.api.msg.Wheels;
import io.afferent.api.SourceContext;
import io.afferent.api.StreamSource;
import io.afferent.runtime.timing.Counter;
import io.afferent.api.truth.GroundTruth;
import io.afferent.api.truth.TruthState;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sim-gpio profile: the real GPIO drivers on Pi4J mock pins moved by the simulator. */
class SimGpioProfileTest {
    static final Path PROFILES = Cli.PROFILES;

    private final Cli cli = new Cli();
    private final ByteArrayOutputStream out = cli.out;
    private final ByteArrayOutputStream err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void runsThroughTheCli(@TempDir Path reports) throws IOException {
        int code = run("run", PROFILES.resolve("sim-gpio.yaml").toString(), "--duration", "3s",
                "--report-dir", reports.toString());
        assertEquals(0, code, err.toString());
        JsonNode s;
        try (Stream<Path> runs = Files.list(reports)) {
            Path dir = runs.findFirst().orElseThrow();
            s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        }
        for (String name : List.of("wheels", "range", "estop")) {
            JsonNode src = s.get("sources").get(name);
            assertTrue(src.get("samples").asLong() > 10, name + ": " + src);
            assertEquals(0, src.get("errors").asLong(), name);
        }
        JsonNode wheels = s.get("sources").get("wheels");
        assertEquals(0, wheels.get("rejected").asLong(), "no lost edges: " + wheels);
        assertEquals(0, s.get("errors").size(), s.get("errors").toString());
    }

    @Test
    void missingGpioChipExitsTwoWithTheFix(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(GpioHost.current().chips().isEmpty(), "this machine has a GPIO chip");
        Path profile = dir.resolve("pi.yaml");
        Files.writeString(profile, """
                sources:
                  bumper:
                    type: gpio-input
                    rate_hz: 100
                    params:
                      pin: 16
                stages:
                  fusion:
                    type: fusion
                    inputs: [bumper]
                    deadline_us: 1000
                """);
        int code = run("run", profile.toString(), "--duration", "1s", "--report-dir", dir.resolve("r").toString());
        assertEquals(2, code);
        String msg = err.toString();
        assertTrue(msg.contains("pi.yaml:"), msg);
        assertTrue(msg.contains("sources.bumper.params.provider"), msg);
        assertTrue(msg.contains("no GPIO chip found"), msg);
        assertTrue(msg.contains("tried provider 'gpiod'"), msg);
        assertTrue(msg.contains("'provider: mock'"), msg);
    }

    /**
     * The encoder source the profile builds, polled on this thread in real time while the simulator's
     * pin thread moves the wheels: the published tick counts must match the course's true wheel travel.
     * Edges are emitted at or after their true time (the pin thread wakes every 100 µs or later), so a
     * sample stamped with its last edge at {@code t} may lag the truth at {@code t} by that delay, never lead.
     */
    @Test
    void encoderDistanceMatchesTheSimulatorsTrueTravel() throws Exception {
        var registry = io.afferent.deploy.Plugins.builtIn();
        Profile profile = new ProfileLoader(registry.catalog()).load(PROFILES.resolve("sim-gpio.yaml"));
        NanoClock clock = NanoClock.SYSTEM;
        long origin = clock.nanoTime();
        // What the run assembler does for one source: the plugins' run hooks, then the source type's factory.
        var run = new io.afferent.runtime.plugin.RunContext(profile, clock, origin, null);
        for (var hook : registry.runHooks()) {
            hook.beforeRun(run);
        }
        SourceConfig wheelsConfig = profile.source("wheels").orElseThrow();
        long before = clock.nanoTime();
        @SuppressWarnings("unchecked")
        StreamSource<Wheels> wheels = (StreamSource<Wheels>) registry.source(wheelsConfig.type()).factory()
                .create(run.sourceSetup(wheelsConfig));
        long after = clock.nanoTime();
        GroundTruth truth = run.service(GroundTruth.class).orElseThrow();
        var gpio = run.service(io.afferent.drivers.gpio.GpioRun.class).orElseThrow();
        double ticksPerM = profile.robot().encoderTicksPerRev() / (2 * Math.PI * profile.robot().wheelRadiusM());
        Last sink = new Last();
        Ctx ctx = new Ctx();
        wheels.open(ctx);
        long end = clock.nanoTime() + 3_000_000_000L;
        int checked = 0;
        try {
            while (clock.nanoTime() < end) {
                if (wheels.poll(sink) > 0 && sink.acquiredNanos > after) {
                    for (int side : new int[]{-1, 1}) {
                        long counted = side < 0 ? sink.sample.leftTicks : sink.sample.rightTicks;
                        long t = sink.acquiredNanos;
                        // The driver's tick origin lies between the travel before and after it was made, and
                        // its last edge may lag the truth by up to 20 ms: the count lies within the truth
                        // over those bounds (either direction of travel), to one tick.
                        long lo = Long.MAX_VALUE;
                        long hi = Long.MIN_VALUE;
                        for (long at : new long[]{t, t - 20_000_000L}) {
                            for (long from : new long[]{before, after}) {
                                long d = ticks(truth, side, at, ticksPerM) - ticks(truth, side, from, ticksPerM);
                                lo = Math.min(lo, d);
                                hi = Math.max(hi, d);
                            }
                        }
                        assertTrue(counted <= hi + 1 && counted >= lo - 1,
                                "side " + side + ": counted " + counted + " true " + lo + ".." + hi);
                    }
                    checked++;
                }
                Thread.sleep(0, 200_000);
            }
        } finally {
            ctx.running = false;
            wheels.close();
        }
        assertTrue(checked > 100, "samples checked: " + checked);
        assertTrue(sink.sample.leftTicks > 1000, "moved: " + sink.sample.leftTicks);
        assertEquals(0, sink.sample.illegalTransitions);
        assertEquals(0, ctx.lost.get());
        run.close();
        assertTrue(gpio.session().closed(), "the end of the run closes the GPIO session");
    }

    private static long ticks(GroundTruth truth, int side, long nanos, double ticksPerM) {
        TruthState s = new TruthState();
        truth.truthAt(nanos, s);
        return (long) Math.floor((side < 0 ? s.leftTravelM : s.rightTravelM) * ticksPerM);
    }

    private static final class Last implements StreamOutput<Wheels> {
        final Wheels sample = new Wheels();
        long acquiredNanos;

        @Override
        public Wheels claim() {
            sample.clear();
            return sample;
        }

        @Override
        public void publish(long acquired) {
            acquiredNanos = acquired;
        }

        @Override
        public void abandon() {
        }
    }

    private static final class Ctx implements SourceContext {
        volatile boolean running = true;
        final Counter lost = new Counter("edges_lost");

        @Override
        public String sourceName() {
            return "wheels";
        }

        @Override
        public io.afferent.api.Clock clock() {
            return NanoClock.SYSTEM;
        }

        @Override
        public Counter rejectCounter(String reason) {
            return reason.equals("edges_lost") ? lost : new Counter(reason);
        }

        @Override
        public void connectionChanged(boolean connected, String detail) {
        }

        @Override
        public boolean running() {
            return running;
        }
    }
}
