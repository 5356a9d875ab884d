package io.afferent.drivers.serial;

import io.afferent.runtime.pty.PseudoTerminal;
import io.afferent.runtime.sample.SampleKind;
import io.afferent.runtime.source.StreamSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/** Test plumbing shared with the protocol packages' tests. */
public final class TestSerial {
    private TestSerial() {
    }

    /** A source opened with a recording context and a collecting sink. */
    public static final class Run {
        public final StreamSource source;
        public final RecordingContext context = new RecordingContext();
        public final CollectingSink sink;

        Run(StreamSource source) {
            this.source = source;
            this.sink = new CollectingSink(source.kind());
        }

        /** Polls until {@code done}, at most {@code maxPolls} times (each read waits at most 100 ms). */
        public boolean pollUntil(BooleanSupplier done, int maxPolls) throws Exception {
            return SerialTestSupport.pollUntil(source, sink, done, maxPolls);
        }

        public long count(String reason) {
            return context.count(reason);
        }
    }

    public static Run open(StreamSource source) throws Exception {
        Run run = new Run(source);
        source.open(run.context);
        return run;
    }

    /** Writes {@code data} to the master in chunks of {@code chunk} bytes from a daemon thread. */
    public static Thread writeInBackground(PseudoTerminal pty, byte[] data, int chunk) {
        Thread t = new Thread(() -> {
            try {
                for (int off = 0; off < data.length; off += chunk) {
                    pty.write(data, off, Math.min(chunk, data.length - off));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "pty-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static SampleKind gps() {
        return SampleKind.GPS;
    }
}
