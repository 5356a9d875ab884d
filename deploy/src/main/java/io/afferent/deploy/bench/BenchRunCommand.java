package io.afferent.deploy.bench;

import io.afferent.deploy.RunCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code afferent bench run CONFIG --burn N}: {@code afferent run} with N CPU-bound threads in the same JVM, as a
 * user's own busy code would be: the loaded half of {@code afferent bench vs-python}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a profile exactly as 'afferent run' does, with --burn N CPU-bound threads beside it in the"
                + " same JVM (plain threads at normal priority that never sleep or allocate), to see what the"
                + " pipeline's timing keeps under load. The report says nothing about the burners; their CPU time"
                + " is in the process total."})
public final class BenchRunCommand extends RunCommand {
    @Option(names = "--burn", paramLabel = "N", defaultValue = "0",
            description = "CPU-bound threads to run beside the pipeline (default ${DEFAULT-VALUE}).")
    int burn;

    @Override
    protected AutoCloseable beside() {
        if (burn < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--burn must be >= 0");
        }
        Burners b = new Burners(burn);
        b.start();
        return b;
    }

    /** CPU-bound threads that spin on arithmetic until closed. */
    static final class Burners implements AutoCloseable {
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;
        private volatile long sink;

        Burners(int n) {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(this::burn, "burn-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        private void burn() {
            long x = 1;
            while (!stop) {
                for (int i = 0; i < 100_000; i++) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
                sink = x;
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            for (Thread t : threads) {
                t.join(1000);
            }
        }
    }
}
