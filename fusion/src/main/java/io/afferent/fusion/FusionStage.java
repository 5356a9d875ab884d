package io.afferent.fusion;

import io.afferent.api.ConfigError;
import io.afferent.api.Output;
import io.afferent.api.Params;
import io.afferent.api.Stage;
import io.afferent.api.StageSetup;
import io.afferent.api.msg.Digital;
import io.afferent.api.msg.GpsFix;
import io.afferent.api.msg.Imu;
import io.afferent.api.msg.Pose;
import io.afferent.api.msg.Range;
import io.afferent.api.msg.Wheels;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fusion stage (stage type {@code fusion}): subscribes each of its inputs with handlers for {@code imu},
 * {@code wheels}, {@code gps-fix}, {@code digital} (emergency stop) and {@code range} (accepted, not fused),
 * runs a {@link FusionProcessor} and publishes its estimate on the output port {@code pose}. With
 * {@code csv_file}, a lagging sink ({@code NAME-csv}) writes the poses into the report directory.
 *
 * <p>Made on the set-up thread; every {@link Stage} method and handler on the stage thread.
 */
public final class FusionStage implements Stage {
    public static final String TYPE = "fusion";
    /** The output port: its topic is named {@code pose} unless the profile's {@code outputs:} says otherwise. */
    public static final String POSE_PORT = "pose";

    private final FusionProcessor processor;

    private FusionStage(FusionProcessor processor) {
        this.processor = processor;
    }

    /** The {@link io.afferent.api.StageFactory} of type {@code fusion}. */
    public static FusionStage create(StageSetup setup) throws ConfigError {
        Params p = setup.params();
        FusionParams params = FusionParams.fromParams(p, setup.robot(), setup.deadlineNanos());
        p.rejectUnknownKeys();
        Output<Pose> out = setup.output(POSE_PORT, Pose.TYPE);
        FusionProcessor processor = FusionProcessor.create(params, setup.clock(), out, setup::counter);
        for (String topic : setup.inputs()) {
            setup.subscribe(topic)
                    .on(Imu.TYPE, (m, in) -> processor.onImu(m, in.originNanos(), in.chain()))
                    .on(Wheels.TYPE, (m, in) -> processor.onWheels(m, in.originNanos(), in.chain()))
                    .on(GpsFix.TYPE, (m, in) -> processor.onGps(m, in.originNanos(), in.chain()))
                    .on(Digital.TYPE, (m, in) -> processor.onDigital(m, in.originNanos(), in.chain()))
                    .on(Range.TYPE, (m, in) -> processor.onIgnored());
        }
        if (params.csvFile() != null) {
            csvSink(setup, params, out.topic());
        }
        return new FusionStage(processor);
    }

    /** The CSV writer of {@code csv_file}, on its own sink thread; the file is opened (and its header written) now. */
    private static void csvSink(StageSetup setup, FusionParams params, String poseTopic) throws ConfigError {
        Path file = setup.reportDir().resolve(params.csvFile());
        PoseCsvSink sink;
        try {
            Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            setup.onClose(w); // should the run end before the sink thread started
            sink = new PoseCsvSink(w, params.csvEvery(), setup.originNanos());
        } catch (IOException e) {
            throw setup.params().error("csv_file", "cannot write " + file + ": " + e.getMessage());
        }
        setup.sink(setup.name() + "-csv", poseTopic, Pose.TYPE, sink);
    }

    /** The estimator (tests, benchmarks). */
    public FusionProcessor processor() {
        return processor;
    }

    /** Runs a detached copy of the processor through a synthetic drive; the run's state is not touched. */
    @Override
    public void warmUp() {
        processor.warmUp();
    }

    @Override
    public void reset() {
        processor.reset();
    }

    @Override
    public void flush() {
        processor.flush();
    }

    @Override
    public String overrunDetail(long nowNanos) {
        return processor.overrunDetail(nowNanos);
    }

    @Override
    public void appendStatus(StringBuilder sb) {
        processor.appendStatus(sb);
    }
}
