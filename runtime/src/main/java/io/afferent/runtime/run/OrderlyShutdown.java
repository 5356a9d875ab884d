package io.afferent.runtime.run;

import io.afferent.runtime.thread.ErrorLog;
import io.afferent.runtime.thread.ManagedThread;

import java.util.function.LongSupplier;

/**
 * Stops a pipeline's threads in order once its run control says stop: the readers first, then the stages upstream
 * first (each drains what its inputs still hold before the next one's inputs close), then the sinks, then the
 * reporter. A thread is waited for while it makes progress (CPU time, messages consumed), so a slow CPU draining a
 * stage is not an error; one that makes none for {@link #JOIN_MILLIS}, or is still working when
 * {@link #SHUTDOWN_CAP_MILLIS} ran out, is left running and reported in the run's errors.
 */
final class OrderlyShutdown {
    /** A thread that made no progress for this long is left running and reported. */
    static final long JOIN_MILLIS = 1_000;
    /** The bound of the whole shutdown: past it a thread still working is left running and reported. */
    static final long SHUTDOWN_CAP_MILLIS = 30_000;

    private final PipelineThreads threads;
    private final ErrorLog errors;

    OrderlyShutdown(PipelineThreads threads, ErrorLog errors) {
        this.threads = threads;
        this.errors = errors;
    }

    void run(ManagedThread reporterThread) throws InterruptedException {
        long deadline = System.nanoTime() + SHUTDOWN_CAP_MILLIS * 1_000_000;
        for (ManagedThread t : threads.readers) {
            joinOrReport(t, deadline, t::cpuNanos);
        }
        // Upstream first (the assembler adds stages in dependency order): a stage's inputs close only once every
        // stage publishing them has drained and flushed, or what those publish at the end would never be read.
        for (StageEntry st : threads.stages) {
            st.stage().inputsClosed();
            st.wakeup().signalAllWhenBlocking();
            ManagedThread t = st.thread();
            joinOrReport(t, deadline, () -> t.cpuNanos() + st.consumed());
        }
        for (SinkEntry s : threads.sinks) {
            s.runner().finish();
        }
        for (SinkEntry s : threads.sinks) {
            joinOrReport(s.thread(), deadline, s.thread()::cpuNanos);
        }
        joinOrReport(reporterThread, deadline, reporterThread::cpuNanos);
    }

    private void joinOrReport(ManagedThread t, long deadline, LongSupplier progress) throws InterruptedException {
        if (!t.joinWhileProgressing(JOIN_MILLIS, deadline, progress)) {
            String msg = System.nanoTime() - deadline >= 0
                    ? "thread " + t.name() + " still working when the " + SHUTDOWN_CAP_MILLIS / 1000
                            + " s shutdown bound ran out; left running"
                    : "thread " + t.name() + " did not stop and made no progress for " + JOIN_MILLIS
                            + " ms; left running";
            errors.report(t.role(), new IllegalStateException(msg));
        }
    }
}
