package io.afferent.deploy.calibrate;

import io.afferent.runtime.calibrate.LatenessStats;
import io.afferent.runtime.rt.CpuList;
import io.afferent.runtime.rt.ThreadRtRequest;
import io.afferent.runtime.timing.HistSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs rt-tests' {@code cyclictest} with the same settings as a calibration and reads its histogram. Stateless. */
public final class Cyclictest {
    public static final String INSTALL_HINT = "cyclictest not found on PATH; install it with 'sudo apt-get install rt-tests' "
            + "(Debian, Ubuntu, Raspberry Pi OS) or 'sudo dnf install realtime-tests' (Fedora)";
    /** Histogram range in microseconds; later wake-ups count as overflows, placed at the reported max. */
    static final int HISTOGRAM_MAX_US = 20_000;

    private Cyclictest() {
    }

    public static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "cyclictest"))) {
                return Optional.of(Path.of(dir, "cyclictest"));
            }
        }
        return Optional.empty();
    }

    /**
     * The cyclictest command for the same interval, policy, priority, threads, affinity and duration: {@code -m}
     * (mlockall), {@code -d 0} (one interval for all threads), {@code -q}, {@code -h}/{@code --histfile}.
     */
    public static List<String> command(Path exe, long periodNs, long durationNs, int threads, ThreadRtRequest request,
                                boolean mlock, Path histfile) {
        List<String> cmd = new ArrayList<>(List.of(exe.toString()));
        if (mlock) {
            cmd.add("-m");
        }
        cmd.addAll(List.of("-q", "-d", "0", "-D", Long.toString(Math.max(1, (durationNs + 999_999_999) / 1_000_000_000)),
                "-i", Long.toString(Math.max(1, periodNs / 1_000)), "-t", Integer.toString(threads)));
        if (request.isRealtime()) {
            cmd.add("--policy=" + (ThreadRtRequest.SCHED_RR.equals(request.policy()) ? "rr" : "fifo"));
            cmd.addAll(List.of("-p", Integer.toString(request.priority())));
        } else {
            cmd.addAll(List.of("--policy=other", "-p", "0"));
        }
        if (!request.cpus().isEmpty()) {
            cmd.addAll(List.of("-a", CpuList.format(request.cpus())));
        }
        cmd.addAll(List.of("-h", Integer.toString(HISTOGRAM_MAX_US), "--histfile=" + histfile));
        return List.copyOf(cmd);
    }

    /** Runs {@code command}; returns the parsed histogram or throws with cyclictest's output. */
    public static LatenessStats run(List<String> command, Path histfile, long durationNs) throws IOException,
            InterruptedException {
        Files.deleteIfExists(histfile);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(durationNs / 1_000_000 + 60_000, TimeUnit.MILLISECONDS)) {
            p.destroy();
            throw new IOException("cyclictest did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        // cyclictest exits 0 even on a bad option; the missing histogram file tells.
        if (p.exitValue() != 0 || !Files.exists(histfile)) {
            throw new IOException("cyclictest failed (exit " + p.exitValue() + "): " + text.strip());
        }
        return parseHistogram(Files.readAllLines(histfile));
    }

    /**
     * Reads cyclictest's {@code -h} output: lines {@code <us> <count thread 0> <count thread 1> ...}, then
     * {@code # Min/Avg/Max Latencies:} and {@code # Histogram Overflows:} per thread. Percentiles come from the 1 us
     * buckets; overflows (beyond the histogram) count at the reported max.
     */
    static LatenessStats parseHistogram(List<String> lines) {
        List<long[]> buckets = new ArrayList<>();
        long[] min = null;
        long[] avg = null;
        long[] max = null;
        long[] overflows = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String body = line.substring(1).strip();
                if (body.startsWith("Min Latencies:")) {
                    min = numbers(body.substring("Min Latencies:".length()));
                } else if (body.startsWith("Avg Latencies:")) {
                    avg = numbers(body.substring("Avg Latencies:".length()));
                } else if (body.startsWith("Max Latencies:")) {
                    max = numbers(body.substring("Max Latencies:".length()));
                } else if (body.startsWith("Histogram Overflows:")) {
                    overflows = numbers(body.substring("Histogram Overflows:".length()));
                }
                continue;
            }
            if (Character.isDigit(line.charAt(0))) {
                buckets.add(numbers(line));
            }
        }
        if (max == null || buckets.isEmpty()) {
            throw new IllegalArgumentException("not a cyclictest histogram (no buckets or no '# Max Latencies:')");
        }
        long overflowCount = overflows == null ? 0 : sum(overflows);
        long maxUs = 0;
        for (long m : max) {
            maxUs = Math.max(maxUs, m);
        }
        long minUs = Long.MAX_VALUE;
        for (long m : min == null ? new long[] {0} : min) {
            minUs = Math.min(minUs, m);
        }
        long[] perThread = new long[max.length];
        long[] bucketTotal = new long[buckets.size()];
        long[] bucketUs = new long[buckets.size()];
        long count = overflowCount;
        for (int i = 0; i < buckets.size(); i++) {
            long[] row = buckets.get(i);
            bucketUs[i] = row[0];
            for (int t = 1; t < row.length; t++) {
                bucketTotal[i] += row[t];
                if (t - 1 < perThread.length) {
                    perThread[t - 1] += row[t];
                }
            }
            count += bucketTotal[i];
        }
        double mean = 0;
        if (avg != null && count > 0) {
            for (int t = 0; t < Math.min(avg.length, perThread.length); t++) {
                long n = perThread[t] + (overflows != null && t < overflows.length ? overflows[t] : 0);
                mean += (double) avg[t] * n / count;
            }
        }
        return new LatenessStats(new HistSummary(count, minUs, mean,
                percentile(bucketUs, bucketTotal, count, 50, maxUs), percentile(bucketUs, bucketTotal, count, 90, maxUs),
                percentile(bucketUs, bucketTotal, count, 99, maxUs), percentile(bucketUs, bucketTotal, count, 99.9, maxUs),
                maxUs), 0);
    }

    private static double percentile(long[] bucketUs, long[] counts, long total, double pct, long maxUs) {
        long rank = Math.max(1, (long) Math.ceil(pct / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return bucketUs[i];
            }
        }
        return maxUs;
    }

    private static long[] numbers(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split("\\s+");
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Long.parseLong(parts[i]);
        }
        return v;
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }
}
