package io.afferent.deploy.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table and the summary that {@code bench scale} prints. */
final class ScaleTable {
    static final String HEADER = String.format(Locale.ROOT,
            "%7s %7s %9s | %6s %7s %7s %6s %6s | %-15s | %-15s | %-15s | %6s %9s | %-15s",
            "sources", "rate Hz", "samples/s", "cpu %", "readers", "stage", "report", "jvm", "lateness p99/max",
            "queue p99/p99.9", "e2e p99/p99.9", "drops", "alloc B", "probe p99/max");

    private ScaleTable() {
    }

    static String row(ScaleStep s) {
        double readers = 0, stage = 0, reporter = 0;
        for (Map.Entry<String, Double> t : s.threadCpuPct().entrySet()) {
            if (t.getKey().startsWith("reader-")) readers += t.getValue();
            else if (t.getKey().startsWith("stage-")) stage += t.getValue();
            else reporter += t.getValue();
        }
        return String.format(Locale.ROOT, "%7d %7.0f %9.0f | %6.1f %7.1f %7.1f %6.1f %6.1f | %-15s | %-15s | %-15s | %6d %9d | %-15s%s",
                s.sources(), s.rateHz(), s.samplesPerS(), s.cpuPct(), readers, stage, reporter, s.jvmOtherCpuPct(),
                RunTable.num(s.latenessP99()) + "/" + RunTable.num(s.latenessMax()),
                RunTable.num(s.queueP99()) + "/" + RunTable.num(s.queueP999()),
                RunTable.num(s.e2eP99()) + "/" + RunTable.num(s.e2eP999()), s.dropped(), s.allocatedAfterWarmupBytes(),
                RunTable.num(s.platformP99()) + "/" + RunTable.num(s.platformMax()), s.keptUp() ? "" : "  <- did not keep up");
    }

    /**
     * The least-squares line of CPU against samples per second over the steps that kept up, the 32-source step's
     * lateness against the single source's, and the first step that did not keep up with its busiest thread.
     */
    static String summary(List<ScaleStep> steps, ScaleStep single) {
        StringBuilder sb = new StringBuilder();
        List<ScaleStep> keptUp = steps.stream().filter(ScaleStep::keptUp).toList();
        List<ScaleStep> ok = keptUp.size() >= 2 ? keptUp : steps;
        String over = keptUp.size() >= 2 ? "the " + ok.size() + " steps that kept up" : "all " + ok.size() + " steps";
        if (ok.size() >= 2) {
            double n = ok.size(), sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
            for (ScaleStep s : ok) {
                double x = s.samplesPerS() / 1000, y = s.cpuPct();
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                syy += y * y;
            }
            double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            double intercept = (sy - slope * sx) / n;
            double r = (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
            sb.append(String.format(Locale.ROOT, "CPU = %.2f %% + %.3f %% of a core per 1,000 samples/s (least squares"
                    + " over %s, r² = %.3f)%n", intercept, slope, over, r * r));
        }
        ScaleStep s32 = steps.stream().filter(s -> s.sources() == 32 && s.rateHz() == 1000).findFirst().orElse(null);
        if (single != null && s32 != null) {
            sb.append(String.format(Locale.ROOT, "32 sources at 1 kHz: %s, %d dropped, lateness p99 %.1f µs = %.2f × the"
                            + " single source's %.1f µs%n", s32.keptUp() ? "kept up" : "did not keep up", s32.dropped(),
                    s32.latenessP99(), s32.latenessP99() / single.latenessP99(), single.latenessP99()));
        }
        ScaleStep failed = steps.stream().filter(s -> !s.keptUp()).findFirst().orElse(null);
        if (failed == null) {
            ScaleStep last = steps.stream().filter(s -> s.rateHz() == 1000).reduce((a, b) -> b).orElse(null);
            sb.append("Every step kept up");
            if (last != null) {
                Map.Entry<String, Double> busiest = last.busiestThread();
                sb.append(String.format(Locale.ROOT, "; at %d sources the busiest thread was %s at %.1f %% of a core",
                        last.sources(), busiest.getKey(), busiest.getValue()));
            }
            sb.append(String.format("%n"));
        } else {
            Map.Entry<String, Double> busiest = failed.busiestThread();
            sb.append(String.format(Locale.ROOT, "Stopped keeping up at %d sources × %.0f Hz (%.0f samples/s: %d dropped,"
                            + " %d periods missed, %.0f samples/s achieved); busiest thread %s at %.1f %% of a core,"
                            + " process %.1f %% of %d cores%n", failed.sources(), failed.rateHz(),
                    failed.configuredSamplesPerS(), failed.dropped(), failed.missedPeriods(), failed.samplesPerS(),
                    busiest.getKey(), busiest.getValue(), failed.cpuPct(), Runtime.getRuntime().availableProcessors()));
        }
        return sb.toString();
    }
}
