package io.afferent.bench;

import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs both parser benchmarks with JMH's GC profiler and prints the issue's figures: NMEA sentences/s,
 * WitMotion frames/s, and bytes allocated per sentence/frame. Prints, asserts nothing.
 * Run: {@code java -cp 'bench/target/afferent-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' io.afferent.bench.SerialParsersBench}
 * (or {@code bench/run 'ParserBenchmark' -prof gc} for the raw JMH table).
 */
public final class SerialParsersBench {
    private SerialParsersBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .include(NmeaParserBenchmark.class.getSimpleName())
                .include(WitMotionParserBenchmark.class.getSimpleName())
                .addProfiler(GCProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println("Serial parser figures (" + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "):");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            Result<?> score = r.getPrimaryResult();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            String unit = name.endsWith("parseSentences") ? "NMEA sentences/s" : "WitMotion frames/s";
            String per = name.endsWith("parseSentences") ? "sentence" : "frame";
            System.out.printf("  %-20s %,15.0f ± %,.0f%n", unit, score.getScore(), score.getScoreError());
            System.out.printf("  %-20s %15.3f bytes/%s after warm-up%n", "allocated", alloc == null ? Double.NaN : alloc.getScore(), per);
        }
    }
}
