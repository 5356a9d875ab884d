package io.afferent.deploy;

import io.afferent.runtime.thread.Log;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * SIGINT and SIGTERM: the first asks the run to stop in order (the report is still written); a second
 * exits at once with 130. Uses {@code sun.misc.Signal} (module jdk.unsupported), because a shutdown hook
 * cannot tell a first signal from a second.
 */
final class Signals {
    private static final AtomicInteger RECEIVED = new AtomicInteger();

    private Signals() {
    }

    static void onStop(Consumer<String> requestStop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    if (RECEIVED.incrementAndGet() == 1) {
                        Log.info("SIG" + sig.getName() + " received: stopping (again to exit at once)");
                        requestStop.accept("stopped by SIG" + sig.getName());
                    } else {
                        Runtime.getRuntime().halt(130);
                    }
                });
            } catch (IllegalArgumentException e) {
                Log.warn("cannot handle SIG" + name + " on this platform: " + e.getMessage());
            }
        }
    }
}
