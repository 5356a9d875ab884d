package io.afferent.deploy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rows and the ratio summary that {@code bench vs-python} prints. */
final class RunTable {
    static final String HEADER = String.format(Locale.ROOT, "%-5s %-16s | %-24s | %-26s | %-9s | %-34s | %6s",
            "round", "pipeline", "lateness µs p99/p99.9/max", "queue µs p50/p99/p99.9", "q/lat99.9",
            "end to end p99.9 µs (by input)", "cpu %");

    private RunTable() {
    }

    static String row(int round, RunFigures f) {
        StringBuilder e2e = new StringBuilder();
        f.e2eP999().forEach((k, v) -> e2e.append(e2e.isEmpty() ? "" : " ").append(k).append(' ').append(num(v)));
        return String.format(Locale.ROOT, "%-5d %-16s | %-24s | %-26s | %9.2f | %-34s | %6.1f", round, f.who(),
                num(f.latenessP99()) + "/" + num(f.latenessP999()) + "/" + num(f.latenessMax()),
                num(f.queueP50()) + "/" + num(f.queueP99()) + "/" + num(f.queueP999()),
                f.queueP999() / f.latenessP999(), e2e, f.cpuPct());
    }

    /**
     * Per Afferent profile: in each round, the Python pipeline's worst end-to-end p99.9 over the profile's, and the
     * queue-to-lateness ratio of both; the lowest, median and highest over the rounds.
     */
    static String ratios(List<RunFigures> runs, List<String> profiles) {
        StringBuilder sb = new StringBuilder();
        List<RunFigures> python = runs.stream().filter(r -> r.who().equals("python")).toList();
        for (String p : profiles) {
            List<RunFigures> ours = runs.stream().filter(r -> r.who().equals(p)).toList();
            List<Double> e2e = new ArrayList<>();
            List<Double> qOurs = new ArrayList<>();
            for (int i = 0; i < Math.min(ours.size(), python.size()); i++) {
                e2e.add(python.get(i).worstE2eP999() / ours.get(i).worstE2eP999());
                qOurs.add(ours.get(i).queueP999() / ours.get(i).latenessP999());
            }
            List<Double> qPy = python.stream().map(r -> r.queueP999() / r.latenessP999()).toList();
            sb.append(String.format(Locale.ROOT, "%s: python's worst end-to-end p99.9 / ours = %s; queue p99.9 / reader"
                    + " lateness p99.9: ours %s, python %s%n", p, spread(e2e), spread(qOurs), spread(qPy)));
        }
        return sb.toString();
    }

    /** min / median / max. */
    private static String spread(List<Double> v) {
        if (v.isEmpty()) {
            return "n/a";
        }
        List<Double> s = v.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f (min/median/max)", s.getFirst(), s.get(s.size() / 2),
                s.getLast());
    }

    static String num(double us) {
        if (Double.isNaN(us)) return "n/a";
        if (us >= 100) return String.format(Locale.ROOT, "%.0f", us);
        if (us >= 10) return String.format(Locale.ROOT, "%.1f", us);
        return String.format(Locale.ROOT, "%.2f", us);
    }
}
