package io.afferent.deploy;

import io.afferent.api.ConfigError;
import io.afferent.config.ConfigException;
import io.afferent.runtime.plugin.PluginException;
import io.afferent.runtime.plugin.PluginRegistry;
import io.afferent.runtime.plugin.RunAssembler;
import io.afferent.runtime.plugin.RunContext;
import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.config.SourceConfig;
import io.afferent.runtime.clock.NanoClock;
import io.afferent.deploy.report.RunCharts;
import io.afferent.deploy.telemetry.RunTelemetry;
import io.afferent.runtime.report.ConsoleReport;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.rt.RealtimePlatform;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.run.Pipeline;
import io.afferent.runtime.run.PipelineBuilder;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.calibrate.PlatformProbe;
import io.afferent.runtime.rt.CpuDmaLatency;
import io.afferent.runtime.rt.AffinityOutcome;
import io.afferent.runtime.rt.CpuList;
import io.afferent.runtime.rt.ProcessRtOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code afferent run CONFIG}: runs a profile and writes its timing report. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Runs a profile: starts its reader threads and stages and shows a live status. At the end it "
                + "prints a timing table and writes summary.json and timing.hlog into a new report directory. "
                + "Ctrl-C (or SIGTERM) stops in order and still writes the report; a second Ctrl-C exits at once."})
public class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "Profile to run (YAML), e.g. config/profiles/sim-laptop.yaml.")
    Path config;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to run: 500ms, 30s, 5m, 1h (a bare number is seconds). Default: until Ctrl-C.")
    Long durationNanos;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Directory under which the run's report directory is created. Default: the profile's report.dir (reports).")
    Path reportDir;

    @Option(names = "--strict-rt",
            description = "Treat a real-time setting that cannot be applied (priority, affinity, memory lock) as an error (exit 1) instead of a warning.")
    boolean strictRt;

    @Option(names = "--plugins", paramLabel = "PATH", split = ",",
            description = "Plugin jars, or directories of jars, to load besides the profile's plugins: (comma-separated).")
    List<Path> plugins = new java.util.ArrayList<>();

    @Option(names = "--record",
            description = "Record every topic to run.mcap in the run's report directory (the profile's record: settings, or lz4 defaults).")
    boolean record;

    @Option(names = "--vs-cyclictest", paramLabel = "SOURCE",
            description = "After the run, run cyclictest (rt-tests) with the settings of this periodic reader (interval, policy, priority, CPUs) for as long, and print both lateness distributions side by side.")
    String vsCyclictest;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean installSignalHandlers;
    private volatile Pipeline running;
    private RunTelemetry telemetry;

    /** For the command line. */
    public RunCommand() {
        this(System.out, System.err, true);
    }

    /** For tests: where output goes, and whether to take over SIGINT/SIGTERM. */
    public RunCommand(PrintStream out, PrintStream err, boolean installSignalHandlers) {
        this.out = out;
        this.err = err;
        this.installSignalHandlers = installSignalHandlers;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Profile profile;
        Pipeline pipeline;
        Path runDir;
        RunContext components = null;
        CpuDmaLatency dma = null;
        try {
            PluginRegistry registry;
            try {
                registry = Plugins.load(config, plugins);
            } catch (PluginException e) {
                err.println("afferent: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            profile = new ProfileLoader(registry.catalog()).load(config);
            if (record) {
                profile = profile.withRecording();
            }
            // telemetry: is validated at load (file:line:col, exit 2); its extension registers like a plugin's.
            telemetry = RunTelemetry.load(profile);
            registry.add(telemetry.plugin(), "afferent deploy");
            if (vsCyclictest != null && profile.source(vsCyclictest).filter(SourceConfig::periodic).isEmpty()) {
                err.println("afferent: --vs-cyclictest: no periodic source named '" + vsCyclictest + "' in " + config);
                return Main.EXIT_USAGE;
            }
            NanoClock clock = NanoClock.SYSTEM;
            RealtimePlatform platform = RealtimePlatform.detect();
            List<Integer> processCpus = platform.currentThread().affinity();
            long origin = clock.nanoTime();
            Path base = reportDir != null ? reportDir : profile.report().dir();
            runDir = base.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                    + profile.name());
            try {
                Files.createDirectories(runDir);
            } catch (IOException e) {
                err.println("afferent: cannot create the report directory " + runDir + ": " + e);
                return Main.EXIT_USAGE;
            }
            PipelineBuilder builder = Pipeline.builder(clock, platform, new RtSettingsApplier(platform, strictRt || profile.process().strictRt()))
                    .report(profile.report(), runDir, config.toString())
                    .startupMark("main", Main.mainEpochMillis);
            String launched = System.getenv("AFFERENT_LAUNCH_MS");
            if (launched != null && launched.matches("\\d{10,16}")) {
                builder.startupMark("launcher", Long.parseLong(launched));
            }
            if (profile.process().colocate()) {
                builder.colocate(processCpus);
            }
            try {
                components = RunAssembler.assemble(profile, registry, clock, origin, runDir, builder);
            } catch (ConfigError e) {
                err.println("afferent: configuration error: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            if (profile.process().platformProbeHz() > 0) {
                builder.probe(new PlatformProbeAdapter(PlatformProbe.create(platform,
                        Math.round(1e9 / profile.process().platformProbeHz()), PlatformProbe.DEFAULT_REQUEST)));
            }
            boolean strict = strictRt || profile.process().strictRt();
            builder.setting("lock_memory", "off");
            if (profile.process().lockMemory()) {
                ProcessRtOutcome locked = platform.lockMemory();
                builder.setting("lock_memory", locked.memoryLocked() ? "locked (mlockall)" : "requested, not in force");
                for (String w : locked.warnings()) {
                    if (strict) {
                        closeQuietly(components);
                        err.println("afferent: " + w + " (--strict-rt)");
                        return RunControl.EXIT_FAILURE;
                    }
                    Log.warn(w);
                }
            }
            List<Integer> housekeeping = profile.process().housekeepingCpus();
            if (!housekeeping.isEmpty()) {
                AffinityOutcome moved = platform.moveProcessThreads(housekeeping);
                builder.setting("housekeeping_cpus", CpuList.format(housekeeping) + " (" + moved.moved() + " of "
                        + moved.threads() + " threads moved)");
                for (String w : moved.warnings()) {
                    if (strict) {
                        closeQuietly(components);
                        err.println("afferent: " + w + " (--strict-rt)");
                        return RunControl.EXIT_FAILURE;
                    }
                    Log.warn(w);
                }
            }
            builder.setting("cpu_dma_latency", "not held");
            if (profile.process().cpuDmaLatencyUs() >= 0) {
                dma = CpuDmaLatency.tryHold(profile.process().cpuDmaLatencyUs());
                builder.setting("cpu_dma_latency", dma != null ? "held at " + profile.process().cpuDmaLatencyUs() + " us"
                        : "requested, not in force");
            }
            if (telemetry.enabled()) {
                builder.intervalListener(telemetry);
            }
            pipeline = builder.build();
        } catch (ConfigException e) {
            closeQuietly(components);
            closeQuietly(dma);
            err.println("afferent: configuration error: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        boolean strict = strictRt || profile.process().strictRt();
        if (profile.process().cpuDmaLatencyUs() >= 0) {
            if (dma == null) {
                if (strict) {
                    closeQuietly(components);
                    err.println("afferent: " + CpuDmaLatency.advice() + " (--strict-rt)");
                    return RunControl.EXIT_FAILURE;
                }
                Log.warn(CpuDmaLatency.advice());
            }
        }
        try (CpuDmaLatency held = dma) {
            return run(profile, pipeline, runDir);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // releasing a PM QoS request cannot meaningfully fail
            }
        }
    }

    private int run(Profile profile, Pipeline pipeline, Path runDir) throws IOException, InterruptedException {
        running = pipeline;
        // On the main thread, after the housekeeping move: the MQTT client's threads inherit this thread's
        // affinity (the process's CPUs or its housekeeping CPUs), never a reader's.
        telemetry.start(Main.versionText(), profile.name());
        if (installSignalHandlers) {
            Signals.onStop(pipeline::requestStop);
        }
        Log.info("running " + profile.name() + " from " + config + (durationNanos == null ? " until Ctrl-C"
                : " for " + io.afferent.config.Durations.format(durationNanos)) + "; report in " + runDir);
        RunReport report;
        try (AutoCloseable beside = beside()) {
            report = pipeline.run(durationNanos == null ? Long.MAX_VALUE / 4 : durationNanos);
        } catch (IOException | InterruptedException | RuntimeException e) {
            telemetry.finish(RunControl.EXIT_FAILURE, "failed: " + e, null);
            throw e;
        } catch (Exception e) {
            telemetry.finish(RunControl.EXIT_FAILURE, "failed: " + e, null);
            throw new IllegalStateException(e);
        }
        telemetry.finish(report.exitCode(), report.stopReason(), runDir.resolve("summary.json"));
        if (profile.report().charts()) {
            try {
                RunCharts.write(runDir);
            } catch (IOException | RuntimeException | LinkageError e) {
                // Charts are an extra: whatever stops them costs neither the table, the report nor the exit code.
                Log.warn("charts not drawn: " + (e.getMessage() != null ? e.getMessage() : e.toString())
                        + " (the run's figures are in summary.json and timing.hlog)");
            }
        }
        out.print(ConsoleReport.render(report, runDir.toString()));
        if (vsCyclictest != null && report.exitCode() == 0
                && !ReaderVsCyclictest.compare(profile.source(vsCyclictest).orElseThrow(), report, runDir, out, err)) {
            return RunControl.EXIT_FAILURE;
        }
        out.flush();
        return report.exitCode();
    }

    /** Something that runs beside the pipeline for as long as it runs (benchmarks add load); nothing by default. */
    protected AutoCloseable beside() {
        return () -> {
        };
    }

    /** The pipeline while it runs (for tests that stop it from outside). */
    public Pipeline pipeline() {
        return running;
    }
}
