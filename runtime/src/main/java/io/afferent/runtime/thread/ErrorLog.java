package io.afferent.runtime.thread;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every error of a run, counted by thread, source and message. The first occurrence of each is logged
 * with its stack trace's top; repeats are only counted (and shown in the report). Thread-safe.
 */
public final class ErrorLog {
    /** One kind of error and how often it happened. */
    public record Entry(String thread, String source, String message, long count) {
    }

    private record Key(String thread, String source, String message) {
    }

    private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();

    public void report(String source, Throwable error) {
        String thread = Thread.currentThread().getName();
        String message = describe(error);
        AtomicLong count = counts.computeIfAbsent(new Key(thread, source, message), k -> new AtomicLong());
        if (count.getAndIncrement() == 0) {
            StackTraceElement[] st = error.getStackTrace();
            String where = st.length > 0 ? " (at " + st[0] + ")" : "";
            Log.error(source + ": " + message + where + "; further identical errors are counted, not logged");
        }
    }

    public long total() {
        long sum = 0;
        for (AtomicLong c : counts.values()) {
            sum += c.get();
        }
        return sum;
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new Entry(k.thread(), k.source(), k.message(), v.get())));
        out.sort((a, b) -> Long.compare(b.count(), a.count()));
        return out;
    }

    static String describe(Throwable t) {
        String msg = t.getMessage();
        String type = t.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? type : type + ": " + msg;
    }
}
