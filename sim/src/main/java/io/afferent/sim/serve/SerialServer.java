package io.afferent.sim.serve;

import io.afferent.api.Clock;
import io.afferent.sim.config.ServeSpec;
import io.afferent.sim.fault.FaultLog;
import io.afferent.sim.sensor.SimSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The core of {@code afferent sim serve}: one pseudo-terminal (with its stable link) and one writer thread
 * per served sensor. {@link #start()} opens every device before any thread starts, so a failure leaves
 * nothing behind. Thread-safe: start and close from one controlling thread; the devices' counters may be
 * read from any.
 */
public final class SerialServer implements AutoCloseable {
    private final List<ServedDevice> devices = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Clock clock;
    private final FaultLog log;
    private final long seed;

    /**
     * @param clock the clock the sources' world runs on ({@code System::nanoTime})
     * @param seed  the run's seed (byte corruption draws from it)
     */
    public SerialServer(Clock clock, FaultLog log, long seed) {
        this.clock = clock;
        this.log = log;
        this.seed = seed;
    }

    /**
     * Adds a sensor to serve: a simulated GPS as {@code nmea}, a simulated IMU as {@code witmotion}. Its
     * {@link SimSource} must have the world's origin as its timeline start.
     *
     * @throws IllegalArgumentException for another protocol, or a source the protocol cannot carry
     */
    public ServedDevice add(SimSource<?> source, ServeSpec spec) {
        ServedDevice d = new ServedDevice(source, FrameWriter.of(source, spec), spec, clock, log, seed);
        devices.add(d);
        return d;
    }

    public List<ServedDevice> devices() {
        return List.copyOf(devices);
    }

    /** Opens every pseudo-terminal and starts the writers. */
    public void start() throws IOException {
        try {
            for (ServedDevice d : devices) {
                d.open();
            }
        } catch (IOException e) {
            for (ServedDevice d : devices) {
                d.closeUnstarted();
            }
            throw e;
        }
        for (ServedDevice d : devices) {
            Thread t = Thread.ofPlatform().name("serve-" + d.name()).daemon(true).unstarted(d);
            threads.add(t);
            t.start();
        }
    }

    /** The first writer failure, or null. */
    public Throwable failure() {
        for (ServedDevice d : devices) {
            if (d.failure() != null) {
                return d.failure();
            }
        }
        return null;
    }

    /**
     * Stops the writers and closes the devices (links removed). A writer blocked because nobody reads its
     * device and the kernel's buffer is full is abandoned after a bounded wait (it is a daemon thread).
     */
    @Override
    public void close() {
        for (ServedDevice d : devices) {
            d.stop();
        }
        for (ServedDevice d : devices) {
            d.closePty();
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
