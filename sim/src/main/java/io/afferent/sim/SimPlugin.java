package io.afferent.sim;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.ConfigError;
import io.afferent.api.ExtensionSetup;
import io.afferent.api.OutputType;
import io.afferent.api.Params;
import io.afferent.api.Registry;
import io.afferent.api.RunSetup;
import io.afferent.api.SourceSetup;
import io.afferent.api.SourceType;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.WheelCmd;
import io.afferent.api.msg.Wheels;
import io.afferent.api.truth.GroundTruth;
import io.afferent.sim.config.SimFactory;
import io.afferent.sim.drive.SimDrive;
import io.afferent.sim.fault.FaultLog;
import io.afferent.sim.fault.FaultReport;

/**
 * The simulator as a plugin: the source types {@code sim-imu}, {@code sim-wheels}, {@code sim-gps} and
 * {@code sim-range}; the output type {@code sim-drive} (the robot follows wheel_cmd, on a
 * {@code course: {type: commanded}}); a run hook that, when the profile has a {@code sim:} section, validates it and builds the
 * run's world once, providing {@link GroundTruth} (and the {@link SimFactory}) as run services; and the extension
 * {@code sim-faults}, which adds the {@code faults} section to a simulated run's report. Registered like any
 * user's plugin (META-INF/services). Set-up thread.
 */
public final class SimPlugin implements AfferentPlugin {
    /** The profile's top-level section this plugin owns. */
    public static final String SECTION = "sim";

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public void register(Registry registry) {
        registry.source(SourceType.periodic("sim-imu", Imu.TYPE, s -> world(s, "sim-imu").imu(s)));
        registry.source(SourceType.periodic("sim-wheels", Wheels.TYPE, s -> world(s, "sim-wheels").wheels(s)));
        registry.source(SourceType.periodic("sim-gps", GpsFix.TYPE, s -> world(s, "sim-gps").gps(s)));
        registry.source(SourceType.periodic("sim-range", Range.TYPE, s -> world(s, "sim-range").range(s)));
        registry.output(new OutputType<>("sim-drive", WheelCmd.TYPE, SimDrive::create));
        registry.runHook(SimPlugin::beforeRun);
        registry.extension("sim-faults", SimPlugin::faults);
    }

    /**
     * Validates the {@code sim:} section even when no simulated source uses it (a typo never passes) and builds
     * the world, whose course starts at the run's origin; a profile with simulated sources and no {@code sim:} section
     * gets the default world.
     */
    static void beforeRun(RunSetup run) throws ConfigError {
        Params sim = run.section(SECTION);
        boolean used = SimFactory.TYPES.stream().anyMatch(run::uses) || run.uses("sim-drive");
        if (sim.keys().isEmpty() && !used) {
            return; // no simulated world in this run
        }
        // A simulated source without a sim: section gets the default world (seed, field, course), as before.
        SimFactory factory = SimFactory.create(sim, run.robot(), run.originNanos());
        run.provide(SimFactory.class, factory);
        run.provide(GroundTruth.class, factory.groundTruth());
    }

    private static SimFactory world(SourceSetup s, String type) throws ConfigError {
        return s.service(SimFactory.class).orElseThrow(() -> s.error("a " + type + " source needs the simulated "
                + "world: add a top-level 'sim:' section to the profile (at least 'sim: {seed: 1}'; see "
                + "config/profiles/sim-laptop.yaml)"));
    }

    private static void faults(ExtensionSetup setup) {
        // Every run's summary.json has "faults" (empty without a simulated world), as its contract says.
        setup.report(new FaultReport(setup.service(SimFactory.class).map(SimFactory::faultLog).orElseGet(FaultLog::new)));
    }
}
