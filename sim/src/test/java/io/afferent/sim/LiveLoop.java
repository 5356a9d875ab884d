package io.afferent.sim;

import io.afferent.sim.sensor.SimSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link ClosedLoop} in real time: one reader thread per simulated source on the monotonic clock, each waking at
 * its timeline deadlines ({@code origin + k·period}) and producing every index due (a late wake-up catches up the
 * ones it skipped, in order), while the calling thread, the controller, takes the samples in timeline order (ties in
 * source order, as {@link io.afferent.sim.run.VirtualRun}) as soon as no reader can still deliver an earlier one, and
 * runs fusion, the follower and the output on them. The readers sample the simulated world, whose robot the
 * controller's commands move, concurrently with the controller: what a command does to the world therefore depends
 * on when it reaches the drive, unless the drive schedules it against its cause (sim-drive's actuation delay).
 * Each sample carries its timeline time as its acquisition time.
 */
final class LiveLoop {
    private record Sample(int source, long index, Object message) {
    }

    private LiveLoop() {
    }

    /** Runs {@code loop} (built with an origin a little in the future) live until {@code durationNanos} after it. */
    static void run(ClosedLoop loop, long durationNanos) throws InterruptedException {
        List<SimSource<?>> sources = loop.built.sources();
        long origin = loop.world.originNanos();
        LinkedBlockingQueue<Sample> queue = new LinkedBlockingQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            int si = i;
            SimSource<?> src = sources.get(i);
            readers.add(Thread.ofPlatform().name("reader-" + src.name()).start(() -> read(si, src, origin, durationNanos, queue)));
        }
        List<ArrayDeque<Sample>> pending = new ArrayList<>();
        long[] next = new long[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            pending.add(new ArrayDeque<>());
            next[i] = 1;
        }
        long remaining = 0;
        for (SimSource<?> s : sources) {
            remaining += durationNanos / s.periodNanos();
        }
        while (remaining > 0) {
            long wait = Math.max(TimeUnit.SECONDS.toNanos(1), origin + TimeUnit.SECONDS.toNanos(1) - System.nanoTime());
            Sample got = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (got == null) {
                throw new IllegalStateException("no sample for 1 s: a reader died (see its stack trace above)");
            }
            pending.get(got.source()).add(got);
            for (Sample more; (more = queue.poll()) != null; ) {
                pending.get(more.source()).add(more);
            }
            // Hand on every sample that no reader can precede any more.
            while (true) {
                int best = -1;
                long bestRel = Long.MAX_VALUE;
                for (int i = 0; i < sources.size(); i++) {
                    long rel = next[i] * sources.get(i).periodNanos();
                    if (rel <= durationNanos && rel < bestRel) {
                        best = i;
                        bestRel = rel;
                    }
                }
                if (best < 0 || pending.get(best).isEmpty()) {
                    break; // the earliest sample due has not arrived yet
                }
                Sample s = pending.get(best).poll();
                if (s.index() != next[best]) {
                    throw new IllegalStateException(sources.get(best).name() + ": index " + s.index() + ", expected " + next[best]);
                }
                next[best]++;
                remaining--;
                SimSource<?> src = sources.get(best);
                loop.feed(src, s.message(), src.timeOf(s.index()));
            }
        }
        for (Thread t : readers) {
            t.join();
        }
    }

    private static void read(int si, SimSource<?> src, long origin, long durationNanos, LinkedBlockingQueue<Sample> out) {
        long period = src.periodNanos();
        long last = 0;
        for (long k = 1; k * period <= durationNanos; ) {
            long deadline = origin + k * period;
            long now;
            while ((now = System.nanoTime()) - deadline < 0) {
                LockSupport.parkNanos(deadline - now);
            }
            long due = Math.min(src.indexAt(now), durationNanos / period);
            for (long j = last + 1; j <= due; j++) {
                out.add(new Sample(si, j, produce(src, j)));
            }
            last = due;
            k = due + 1;
        }
    }

    private static <M> M produce(SimSource<M> src, long index) {
        M m = src.newMessage();
        src.produceIndex(index, m);
        return m;
    }
}
