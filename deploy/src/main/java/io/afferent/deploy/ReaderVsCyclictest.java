package io.afferent.deploy;

import io.afferent.config.SourceConfig;
import io.afferent.deploy.calibrate.Cyclictest;
import io.afferent.runtime.report.RunReport;
import io.afferent.runtime.rt.ThreadRtRequest;
import io.afferent.runtime.timing.HistSummary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code afferent run --vs-cyclictest SOURCE}: right after the run, cyclictest runs with that periodic
 * reader's interval, policy, priority and CPUs for as long as the run lasted, and both lateness
 * distributions are printed side by side with their ratio, so that a reader's wake-ups are judged
 * against what the platform itself delivers, in the same sitting.
 */
final class ReaderVsCyclictest {
    private ReaderVsCyclictest() {
    }

    /** Returns false (with the reason printed) when the comparison could not be made. */
    static boolean compare(SourceConfig source, RunReport report, Path runDir, PrintStream out, PrintStream err)
            throws InterruptedException {
        RunReport.SourceReport r = report.sources().get(source.name());
        if (r == null || r.lateness() == null) {
            err.println("afferent: --vs-cyclictest: source " + source.name() + " is not periodic");
            return false;
        }
        Optional<Path> exe = Cyclictest.find();
        if (exe.isEmpty()) {
            err.println("afferent: --vs-cyclictest: " + Cyclictest.INSTALL_HINT);
            return false;
        }
        ThreadRtRequest request = RtSettingsApplier.request(source.rt());
        long durationNs = Math.round(report.durationS() * 1e9);
        Path hist = runDir.resolve("cyclictest-histogram.txt");
        List<String> cmd = Cyclictest.command(exe.get(), source.periodNanos(), durationNs, 1, request, true, hist);
        out.printf("%nRunning cyclictest for %.0f s with the settings of reader %s: %s%n", report.durationS(),
                source.name(), String.join(" ", cmd));
        HistSummary ct;
        try {
            ct = Cyclictest.run(cmd, hist, durationNs).lateness();
        } catch (IOException e) {
            err.println("afferent: --vs-cyclictest: " + e.getMessage());
            return false;
        }
        HistSummary a = r.lateness();
        HistSummary warm = r.latenessAfterWarmup();
        out.printf("%n%-24s %10s %10s %10s %10s %10s %10s%n", "lateness (µs)", "min", "p50", "p90", "p99", "p99.9", "max");
        row(out, "afferent " + source.name(), a);
        if (warm != null) {
            row(out, "  after warm-up", warm);
        }
        out.printf("%-24s %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f%n", "cyclictest", ct.minUs(), ct.p50Us(), ct.p90Us(),
                ct.p99Us(), ct.p999Us(), ct.maxUs());
        ratios(out, "ratio, whole run", a, ct);
        if (warm != null) {
            ratios(out, "ratio, after warm-up", warm, ct);
        }
        out.printf("(afferent: %d samples incl. coordinated-omission fill-in, %d missed periods; warm-up: the first %s;"
                + " cyclictest: %d wake-ups)%n", a.count(), r.missedPeriods(),
                warm == null ? "n/a" : "third of the run, at most 5 s", ct.count());
        return true;
    }

    private static void row(PrintStream out, String name, HistSummary h) {
        out.printf("%-24s %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f%n", name, h.minUs(), h.p50Us(), h.p90Us(), h.p99Us(),
                h.p999Us(), h.maxUs());
    }

    private static void ratios(PrintStream out, String name, HistSummary a, HistSummary ct) {
        out.printf("%-24s %10s %10s %10s %10s %10s %10s%n", name, ratio(a.minUs(), ct.minUs()), ratio(a.p50Us(), ct.p50Us()),
                ratio(a.p90Us(), ct.p90Us()), ratio(a.p99Us(), ct.p99Us()), ratio(a.p999Us(), ct.p999Us()),
                ratio(a.maxUs(), ct.maxUs()));
    }

    private static String ratio(double a, double b) {
        return b > 0 ? String.format("%.2f", a / b) : "-";
    }
}
