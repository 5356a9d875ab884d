package io.afferent.sim.fault;

import io.afferent.api.ReportSection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's {@code faults} section of a simulated run: in {@code summary.json} a list (empty when nothing was
 * injected) of {@code {t_s, sensor, fault, detail}} with the time in seconds since the world's origin to 6
 * decimals; on the console "Faults injected" and one line per fault, only when there was one. Main thread, after
 * the run.
 */
public final class FaultReport implements ReportSection {
    private final FaultLog log;

    public FaultReport(FaultLog log) {
        this.log = log;
    }

    @Override
    public String name() {
        return "faults";
    }

    @Override
    public Object summary() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FaultLog.Entry e : log.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t_s", Math.round(e.timeNanos() * 1e-9 * 1e6) / 1e6);
            m.put("sensor", e.sensor());
            m.put("fault", e.fault());
            m.put("detail", e.detail());
            out.add(m);
        }
        return out;
    }

    @Override
    public void appendText(StringBuilder sb) {
        List<FaultLog.Entry> entries = log.entries();
        if (entries.isEmpty()) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%nFaults injected%n"));
        for (FaultLog.Entry e : entries) {
            sb.append(String.format(Locale.ROOT, "%9.3f s  %-10s %-11s %s%n", e.timeNanos() * 1e-9, e.sensor(), e.fault(),
                    e.detail()));
        }
    }
}
