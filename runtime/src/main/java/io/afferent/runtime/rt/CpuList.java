package io.afferent.runtime.rt;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Linux CPU list syntax ({@code 0-2,5}), as in {@code taskset -c}, cgroups and {@code isolcpus}. Stateless. */
public final class CpuList {
    /** The largest CPU number the runtime handles: a 128-byte {@code cpu_set_t} holds 1024 CPUs. */
    public static final int MAX_CPU = 1023;

    private CpuList() {
    }

    /** Parses {@code "0-2,5"} into {@code [0, 1, 2, 5]} (sorted, no duplicates); blank gives an empty list. */
    public static List<Integer> parse(String text) {
        TreeSet<Integer> cpus = new TreeSet<>();
        if (text == null || text.isBlank()) {
            return List.of();
        }
        for (String part : text.trim().split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            try {
                if (dash < 0) {
                    cpus.add(check(Integer.parseInt(p), text));
                } else {
                    int from = check(Integer.parseInt(p.substring(0, dash).trim()), text);
                    int to = check(Integer.parseInt(p.substring(dash + 1).trim()), text);
                    if (to < from) {
                        throw new IllegalArgumentException("CPU range goes backwards in '" + text + "'");
                    }
                    for (int c = from; c <= to; c++) {
                        cpus.add(c);
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CPU list (expected e.g. 0-2,5): '" + text + "'", e);
            }
        }
        return List.copyOf(cpus);
    }

    private static int check(int cpu, String text) {
        if (cpu < 0 || cpu > MAX_CPU) {
            throw new IllegalArgumentException("CPU " + cpu + " out of range 0.." + MAX_CPU + " in '" + text + "'");
        }
        return cpu;
    }

    /** Formats {@code [0, 1, 2, 5]} as {@code "0-2,5"}. */
    public static String format(List<Integer> cpus) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(cpus));
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int start = sorted.get(i);
            int end = start;
            while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) {
                end = sorted.get(++i);
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            i++;
        }
        return sb.toString();
    }
}
