package io.afferent.runtime.report;

import io.afferent.config.ReportConfig;
import io.afferent.runtime.thread.Log;
import io.afferent.runtime.thread.ManagedThread;
import io.afferent.runtime.thread.RunControl;
import io.afferent.runtime.timing.SourceStats;
import io.afferent.runtime.stage.FanInStage;
import io.afferent.runtime.stage.StageStats;
import io.afferent.runtime.timing.LatencyRecorder;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The reporter thread: once per interval it takes every timing metric's interval histogram, adds it to
 * the run's totals and appends it to {@code timing.hlog} (one tag per metric), prints the live status
 * (a refreshing line on a terminal, a log line every few seconds otherwise) and the rate-limited
 * deadline-miss warnings, so that reader and stage threads never format or print anything.
 *
 * <p>Single thread: the reporter thread runs {@link #run()}; after it has been joined, the pipeline's
 * thread calls {@link #finish()}.
 */
public final class Reporter implements ManagedThread.Body {
    private static final long LOG_STATUS_EVERY_NANOS = 5_000_000_000L;
    private static final int VIEW_LATENESS = 0;
    private static final int VIEW_SERVICE = 1;
    private static final int VIEW_QUEUE = 2;

    private final ReportConfig config;
    private final RunControl control;
    private final List<SourceStats> sources;
    private final List<FanInStage> stages;
    private final Supplier<List<ManagedThread>> threads;
    private final List<LatencyRecorder> recorders = new ArrayList<>();
    private final IntervalLogWriter hlog;
    private final boolean terminal;
    private final long warmupNanos;
    private final long[] lastSamples;
    private final double[] rates;
    private final StringBuilder statusText = new StringBuilder(256);
    /** Every recorder's interval goes through this one histogram: written to the .hlog, then reused. */
    private final Histogram scratch = LatencyRecorder.newHistogram();
    private final long[] lastMisses;
    /** For each recorder, the stage whose service time it records, or -1. */
    private final int[] stageOfServiceRecorder;
    /** Each stage's service-time p99 in the last interval. */
    private final long[] serviceP99Nanos;
    /** For each recorder: which row of which quantile table of {@link #view} it fills (see the constructor), or -1. */
    private final int[] viewRow;
    private final byte[] viewTable;
    private final IntervalView view;
    private final IntervalListener listener;
    private long lastTickNanos;
    private long lastStatusLogNanos;
    private boolean warmedUp;

    public Reporter(ReportConfig config, RunControl control, List<SourceStats> sources, List<FanInStage> stages,
                    Supplier<List<ManagedThread>> threads, List<LatencyRecorder> extraRecorders, Path hlogFile,
                    boolean terminal, long warmupNanos, long startEpochMillis) throws IOException {
        this(config, control, sources, stages, threads, extraRecorders, hlogFile, terminal, warmupNanos, startEpochMillis, null);
    }

    /** @param listener told of every interval on this thread (live telemetry); null for none */
    public Reporter(ReportConfig config, RunControl control, List<SourceStats> sources, List<FanInStage> stages,
                    Supplier<List<ManagedThread>> threads, List<LatencyRecorder> extraRecorders, Path hlogFile,
                    boolean terminal, long warmupNanos, long startEpochMillis, IntervalListener listener) throws IOException {
        this.listener = listener;
        this.config = config;
        this.control = control;
        this.sources = List.copyOf(sources);
        this.stages = List.copyOf(stages);
        this.threads = threads;
        this.terminal = terminal;
        this.warmupNanos = warmupNanos;
        List<int[]> rows = new ArrayList<>(); // {recorder index, table, row}
        for (int i = 0; i < sources.size(); i++) {
            SourceStats s = sources.get(i);
            if (s.lateness() != null) {
                rows.add(new int[] {recorders.size(), VIEW_LATENESS, i});
                recorders.add(s.lateness());
            }
            recorders.add(s.interval());
            recorders.add(s.publish());
        }
        List<Integer> serviceIndex = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            FanInStage st = stages.get(i);
            rows.add(new int[] {recorders.size(), VIEW_QUEUE, i});
            recorders.add(st.stats().queue());
            serviceIndex.add(recorders.size());
            rows.add(new int[] {recorders.size(), VIEW_SERVICE, i});
            recorders.add(st.stats().service());
            recorders.addAll(st.stats().endToEndByInput().values());
        }
        recorders.addAll(extraRecorders);
        this.viewRow = new int[recorders.size()];
        this.viewTable = new byte[recorders.size()];
        java.util.Arrays.fill(viewRow, -1);
        for (int[] r : rows) {
            viewRow[r[0]] = r[2];
            viewTable[r[0]] = (byte) r[1];
        }
        this.view = listener == null ? null : new IntervalView(this.sources, this.stages);
        if (view != null) {
            for (long[] q : view.lateness) java.util.Arrays.fill(q, -1);
        }
        this.stageOfServiceRecorder = new int[recorders.size()];
        java.util.Arrays.fill(stageOfServiceRecorder, -1);
        for (int i = 0; i < serviceIndex.size(); i++) {
            stageOfServiceRecorder[serviceIndex.get(i)] = i;
        }
        this.serviceP99Nanos = new long[stages.size()];
        this.lastSamples = new long[sources.size()];
        this.rates = new double[sources.size()];
        this.lastMisses = new long[stages.size()];
        // Allocate now, before the timeline starts, what writing intervals would otherwise allocate on the
        // first ticks (about 0.5 MB per metric): the run starts with a young generation it does not fill.
        for (LatencyRecorder r : recorders) {
            r.prepareForReporting();
        }
        if (hlogFile != null) {
            hlog = new IntervalLogWriter(hlogFile, LatencyRecorder.neededByteBufferCapacity());
            hlog.comment("Afferent timing log: one tag per metric, values in nanoseconds");
            hlog.start(startEpochMillis, startEpochMillis);
        } else {
            hlog = null;
        }
    }

    /** The tags of every metric in the .hlog. */
    public List<String> tags() {
        return recorders.stream().map(LatencyRecorder::tag).toList();
    }

    @Override
    public void run() throws InterruptedException {
        if (!control.awaitTimeline()) {
            return;
        }
        lastTickNanos = control.startNanos();
        lastStatusLogNanos = control.startNanos();
        long next = control.startNanos() + config.intervalNanos();
        while (!control.awaitStop(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            tick(System.nanoTime());
            next += config.intervalNanos();
        }
    }

    /** The last interval, once the threads have stopped. */
    public void finish() {
        if (control.timelineStarted()) {
            if (lastTickNanos == 0) {
                lastTickNanos = control.startNanos();
            }
            tick(System.nanoTime());
        }
        if (hlog != null) {
            hlog.close();
        }
        Log.clearStatus();
    }

    void tick(long now) {
        double intervalS = Math.max(1e-9, (now - lastTickNanos) * 1e-9);
        long startMs = System.currentTimeMillis() - Math.round(intervalS * 1000);
        long endMs = System.currentTimeMillis();
        for (int i = 0; i < recorders.size(); i++) { // indexed: an iterator is an allocation until C2 compiles this
            LatencyRecorder r = recorders.get(i);
            Histogram h = r.sampleInterval(scratch);
            int stage = stageOfServiceRecorder[i];
            if (stage >= 0) {
                serviceP99Nanos[stage] = r.lastIntervalCount() > 0 ? h.getValueAtPercentile(99) : 0;
            }
            if (view != null && viewRow[i] >= 0) {
                long[] q = switch (viewTable[i]) {
                    case VIEW_LATENESS -> view.lateness[viewRow[i]];
                    case VIEW_SERVICE -> view.service[viewRow[i]];
                    default -> view.queue[viewRow[i]];
                };
                boolean any = h.getTotalCount() > 0;
                q[0] = any ? h.getValueAtPercentile(50) : -1;
                q[1] = any ? h.getValueAtPercentile(99) : -1;
                q[2] = any ? h.getMaxValue() : -1;
            }
            if (hlog != null) {
                hlog.interval(r.tag(), startMs, endMs, h);
            }
        }
        if (hlog != null) {
            hlog.flush();
        }
        if (!warmedUp && now - control.startNanos() >= warmupNanos) {
            for (ManagedThread t : threads.get()) {
                t.markWarmedUp();
            }
            for (LatencyRecorder r : recorders) {
                r.mark();
            }
            warmedUp = true;
        }
        warnDeadlineMisses(intervalS);
        status(now, intervalS);
        lastTickNanos = now;
        if (view != null) {
            view.intervalS = intervalS;
            view.uptimeNanos = now - control.startNanos();
            view.last = !control.running();
            System.arraycopy(rates, 0, view.ratesHz, 0, rates.length);
            try {
                listener.interval(view);
            } catch (Exception | LinkageError e) {
                listenerErrors++;
                if (listenerErrors == 1 || listenerErrors % 60 == 0) {
                    Log.warn("interval listener failed (" + e + "; " + listenerErrors + " times so far); the run goes on");
                }
            }
        }
    }

    private long listenerErrors;

    private void warnDeadlineMisses(double intervalS) {
        for (int i = 0; i < stages.size(); i++) {
            StageStats st = stages.get(i).stats();
            long p99 = serviceP99Nanos[i];
            long misses = st.deadlineMisses.get();
            long delta = misses - lastMisses[i];
            lastMisses[i] = misses;
            if (delta > 0) {
                String detail = stages.get(i).processor().overrunDetail(System.nanoTime());
                Log.warn(String.format("stage %s: %d deadline misses in the last %.1f s (budget %d µs, worst service"
                                + " %.0f µs in that interval, p99 %.0f µs)%s", st.name(), delta, intervalS,
                        st.deadlineNanos() / 1000, st.service().lastIntervalMaxNanos() / 1000.0, p99 / 1000.0,
                        detail == null ? "" : "; inside the stage: " + detail));
            }
        }
    }

    /**
     * The live status: refreshed in place every interval on a terminal, logged every
     * {@link #LOG_STATUS_EVERY_NANOS} otherwise. Built in one reused buffer, only when it is shown: the
     * reporter runs as long as the run does and must not feed the young generation.
     */
    private void status(long now, double intervalS) {
        long dropped = 0;
        long worstLatenessNanos = 0;
        for (int i = 0; i < sources.size(); i++) {
            SourceStats s = sources.get(i);
            long samples = s.samples.get();
            rates[i] = (samples - lastSamples[i]) / intervalS;
            lastSamples[i] = samples;
            dropped += s.dropped.get();
            if (s.lateness() != null) {
                worstLatenessNanos = Math.max(worstLatenessNanos, s.lateness().total().getMaxValue());
            }
        }
        if (config.status() == ReportConfig.StatusMode.OFF || !control.running()) {
            return;
        }
        boolean refresh = terminal && config.status() == ReportConfig.StatusMode.AUTO;
        if (!refresh && now - lastStatusLogNanos < LOG_STATUS_EVERY_NANOS) {
            return;
        }
        StringBuilder sb = statusText;
        sb.setLength(0);
        Decimal.appendPadded(sb, Math.round((now - control.startNanos()) * 1e-9), 5).append('s');
        for (int i = 0; i < sources.size(); i++) {
            SourceStats s = sources.get(i);
            Decimal.append(sb.append(" | ").append(s.name()).append(' '), rates[i], 0).append("/s");
            if (!s.connected()) sb.append(" DISCONNECTED");
        }
        sb.append(" | drops ").append(dropped);
        Decimal.append(sb.append(" | worst lateness "), worstLatenessNanos / 1000.0, 0).append("µs");
        for (int i = 0; i < stages.size(); i++) {
            FanInStage st = stages.get(i);
            sb.append(" | ").append(st.name()).append(" misses ").append(st.stats().deadlineMisses.get());
            int before = sb.length();
            sb.append(' ');
            st.processor().appendStatus(sb);
            if (sb.length() == before + 1) {
                sb.setLength(before);
            }
        }
        if (refresh) {
            Log.status(sb);
        } else {
            Log.info(sb.toString());
            lastStatusLogNanos = now;
        }
    }

    /** Whether stdout/stderr is an interactive terminal (for the refreshing status line). */
    public static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}
