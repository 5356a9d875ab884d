package io.afferent.deploy;

import io.afferent.deploy.calibrate.CalibrateCommand;
import io.afferent.deploy.doctor.DoctorCommand;
import io.afferent.deploy.probe.ProbeCommand;
import io.afferent.deploy.report.ReportCommand;
import io.afferent.deploy.sim.SimCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code afferent} command line. Exit codes: 0 success, 1 runtime failure, 2 bad usage or configuration. */
@Command(name = "afferent",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Real-time sensor acquisition runtime for Java robots.",
        subcommands = {RunCommand.class, SimCommand.class, ProbeCommand.class, DoctorCommand.class, CalibrateCommand.class,
                ReportCommand.class, io.afferent.deploy.bench.BenchCommand.class,
                io.afferent.telemetry.FleetCommand.class,
                io.afferent.deploy.record.RecordCommand.class, io.afferent.deploy.replay.ReplayCommand.class,
                io.afferent.deploy.record.ExportCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure (a thread failed under a stop policy, a required device failed)",
                "2:bad usage or bad configuration"})
public final class Main implements Runnable {
    public static final int EXIT_USAGE = 2;
    /** When {@link #main} was entered (epoch ms), for the start-up figures of a run. */
    static volatile long mainEpochMillis = System.currentTimeMillis();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try: afferent run CONFIG)");
    }

    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** With a factory, so that tests can give commands their own output streams. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine.IFactory withDoctor = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == DoctorCommand.class) {
                    return cls.cast(new DoctorCommand(new ProfileRequirements()));
                }
                return factory.create(cls);
            }
        };
        CommandLine cl = new CommandLine(new Main(), withDoctor);
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? EXIT_USAGE : 1);
        return cl;
    }

    public static void main(String[] args) {
        mainEpochMillis = System.currentTimeMillis();
        System.exit(commandLine().execute(args));
    }

    /** Afferent's version from the jar manifest, or {@code dev} in a development build. */
    public static String versionText() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"afferent " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
