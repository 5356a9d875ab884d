package io.afferent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A validated profile: what to read, how to process it and how to report. Immutable. */
/**
 * @param sim the simulated world's settings (validated by the simulator's plugin); empty when absent
 * @param telemetry the profile's {@code telemetry:} section (validated by the telemetry module at load, in the
 *                  composition root); empty when absent
 * @param plugins plugin jars or directories named by the profile's {@code plugins:}, resolved against its directory
 * @param record  the recorder's settings (validated by the record plugin); null when the profile does not record
 */
public record Profile(String name, Path file, RobotConfig robot, List<SourceConfig> sources, List<StageConfig> stages,
                      ReportConfig report, ProcessConfig process, ConfigMap sim, ConfigMap telemetry, List<Path> plugins,
                      ConfigMap record) {
    public Profile {
        sources = List.copyOf(sources);
        stages = List.copyOf(stages);
        plugins = List.copyOf(plugins);
    }

    public Profile(String name, Path file, RobotConfig robot, List<SourceConfig> sources, List<StageConfig> stages,
                   ReportConfig report, ProcessConfig process, ConfigMap sim, List<Path> plugins) {
        this(name, file, robot, sources, stages, report, process, sim,
                ConfigMap.empty(new Location(String.valueOf(file), 1, 1), "telemetry"), plugins, null);
    }

    /** This profile with recording on ({@code afferent run --record}): its own {@code record:} or the defaults. */
    public Profile withRecording() {
        return record != null ? this : new Profile(name, file, robot, sources, stages, report, process, sim, telemetry, plugins,
                ConfigMap.empty(new Location(String.valueOf(file), 1, 1), "record"));
    }

    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
