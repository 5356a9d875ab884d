package io.afferent.drivers.serial;

import io.afferent.api.MessageType;
import io.afferent.api.StreamSource;
import io.afferent.drivers.testing.CollectingOutput;
import io.afferent.drivers.testing.TestContext;
import io.afferent.pty.PseudoTerminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/** Test plumbing shared with the protocol packages' tests. */
public final class TestSerial {
    private TestSerial() {
    }

    /** A source opened with a recording context and a collecting output. */
    public static final class Run<M> {
        public final StreamSource<M> source;
        public final TestContext context = new TestContext();
        public final CollectingOutput<M> sink;

        Run(StreamSource<M> source, MessageType<M> type) {
            this.source = source;
            this.sink = new CollectingOutput<>(type);
        }

        /** Polls until {@code done}, at most {@code maxPolls} times (each read waits at most 100 ms). */
        public boolean pollUntil(BooleanSupplier done, int maxPolls) throws Exception {
            return SerialTestSupport.pollUntil(source, sink, done, maxPolls);
        }

        public long count(String reason) {
            return context.count(reason);
        }
    }

    public static <M> Run<M> open(StreamSource<M> source, MessageType<M> type) throws Exception {
        Run<M> run = new Run<>(source, type);
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
}
