package io.afferent.drivers.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.context.ContextBuilder;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one Pi4J {@link Context} of a run and the pins made from it (BCM numbering), shared by every GPIO
 * source. Providers are added explicitly, never auto-detected: Pi4J's auto context would quietly pick
 * its mock plugin on a laptop. Pins are made once per BCM number and kept until the session ends, so a
 * source that restarts gets the same pin back and the laptop simulator can drive the same mock pins.
 *
 * <p>The session is used by the sources' open/close (reader threads): {@link #acquire()} on open,
 * {@link #release(boolean)} on close; the last release at the end of the run stops the attachments
 * (the simulator's pin driver) and shuts the context down. Thread-safe (synchronized; never on a hot path).
 */
public final class GpioSession {
    /** Something that lives as long as the session's pins are in use (the laptop simulator's pin driver). */
    public interface Attachment {
        void start(GpioSession session) throws Exception;

        /** Must not throw. */
        void stop();
    }

    private final Context context;
    private final GpioProvider provider;
    private final String description;
    private final Map<Integer, DigitalInput> inputs = new LinkedHashMap<>();
    private final Map<Integer, DigitalOutput> outputs = new LinkedHashMap<>();
    private final Map<Integer, PwmPin> pwms = new LinkedHashMap<>();
    private final Map<Integer, String> owners = new LinkedHashMap<>();
    private final List<Attachment> attachments = new ArrayList<>();
    private int users;
    /** Outputs that write pins until their stage closes: the sources' last release leaves the context open for them. */
    private int holders;
    private int expectedUsers;
    private boolean started;
    private volatile boolean closed;

    /** The board model (for the PWM channel of a pin) and the sysfs PWM chip's directory, null when none. */
    private final String model;
    private final Path pwmChip;
    private final Map<Integer, Integer> pwmChannels = new LinkedHashMap<>();

    private GpioSession(Context context, GpioProvider provider, String description) {
        this(context, provider, description, "", null);
    }

    private GpioSession(Context context, GpioProvider provider, String description, String model, Path pwmChip) {
        this.context = context;
        this.provider = provider;
        this.description = description;
        this.model = model;
        this.pwmChip = pwmChip;
    }

    /**
     * Builds the context for {@code requested} on {@code host}.
     *
     * @param chipName a GPIO chip to use (e.g. {@code gpiochip4} on an old Pi 5 kernel), or null to let
     *                 Pi4J pick the chip labelled {@code pinctrl-*}
     * @throws GpioUnavailableException when real GPIO is asked for (auto or gpiod) and this machine has none
     */
    public static GpioSession open(GpioProvider requested, String chipName, GpioHost host) throws GpioUnavailableException {
        if (requested == GpioProvider.MOCK) {
            return mock();
        }
        String tried = "tried provider 'gpiod' (Pi4J " + (requested == GpioProvider.AUTO ? "auto-selected" : "as configured") + ")";
        String howToMock = "; to run without GPIO hardware (laptop, CI) set 'provider: mock' in this source's params";
        if (host.chips().isEmpty()) {
            throw new GpioUnavailableException("no GPIO chip found (no /dev/gpiochip*); " + tried + " on "
                    + host.describe() + howToMock);
        }
        if (chipName != null && !host.chips().contains(chipName)) {
            throw new GpioUnavailableException("GPIO chip '" + chipName + "' not found (this machine has "
                    + String.join(", ", host.chips()) + "); " + tried + howToMock);
        }
        if (!host.raspberryPi()) {
            throw new GpioUnavailableException("GPIO chips " + host.chips() + " found but this is not a Raspberry Pi ("
                    + host.describe() + "); " + tried + ", which supports Raspberry Pi boards only" + howToMock);
        }
        if (!host.nativeGpiodAvailable()) {
            throw new GpioUnavailableException("Pi4J's gpiod library has no native code for " + host.arch() + "; "
                    + tried + howToMock);
        }
        try {
            ContextBuilder b = Pi4J.newContextBuilder().noAutoDetect()
                    .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance());
            if (chipName != null) {
                b.setGpioChipName(chipName);
            }
            // Hardware PWM through /sys/class/pwm (SysfsPwmPin): the chip a PWM overlay made, if any.
            int pwmChip = host.motorPwmChip();
            return new GpioSession(b.build(), GpioProvider.GPIOD, "gpiod on " + host.describe()
                    + (pwmChip >= 0 ? ", PWM on /sys/class/pwm/pwmchip" + pwmChip : ""), host.model(),
                    pwmChip < 0 ? null : Path.of("/sys/class/pwm/pwmchip" + pwmChip));
        } catch (RuntimeException | LinkageError e) {
            throw new GpioUnavailableException("Pi4J gpiod provider failed to start on " + host.describe() + ": " + e
                    + howToMock, e);
        }
    }

    /**
     * Tests: mock digital pins and the sysfs PWM of chip directory {@code pwmChip} (in a fake /sys/class/pwm, or
     * null for none), as on a Pi of board {@code model}.
     */
    static GpioSession mockDigitalWithSysfsPwm(Path pwmChip, String model) {
        Context c = Pi4J.newContextBuilder().noAutoDetect()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .disableShutdownHook()
                .build();
        return new GpioSession(c, GpioProvider.GPIOD, "mock digital, sysfs PWM " + pwmChip, model, pwmChip);
    }

    /** A session on Pi4J's mock provider: in-memory pins for tests and laptops. */
    public static GpioSession mock() {
        Context c = Pi4J.newContextBuilder().noAutoDetect()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockPwmProvider.newInstance())
                .disableShutdownHook()
                .build();
        return new GpioSession(c, GpioProvider.MOCK, "Pi4J mock provider");
    }

    /** The provider in use: {@link GpioProvider#GPIOD} or {@link GpioProvider#MOCK}, never auto. */
    public GpioProvider provider() {
        return provider;
    }

    public String description() {
        return description;
    }

    /**
     * Claims BCM pin {@code bcm} for {@code owner} at configuration time, so that two sources can never
     * share a pin by mistake.
     *
     * @return null when claimed, or the problem to report
     */
    public synchronized String reserve(int bcm, String owner) {
        String prev = owners.putIfAbsent(bcm, owner);
        return prev == null || prev.equals(owner) ? null : "BCM " + bcm + " is already used by " + prev;
    }

    /** The input on {@code bcm}, made on first use with Pi4J's debounce off (debouncing is ours). */
    public synchronized DigitalInput input(int bcm, PullResistance pull) {
        checkOpen();
        DigitalInput in = inputs.get(bcm);
        if (in == null) {
            if (outputs.containsKey(bcm)) {
                throw new IllegalStateException("BCM " + bcm + " is an output");
            }
            in = context.create(DigitalInput.newConfigBuilder(context).id("bcm" + bcm)
                    .name(owners.getOrDefault(bcm, "bcm" + bcm)).address(bcm).pull(pull).debounce(0L).build());
            inputs.put(bcm, in);
        }
        return in;
    }

    /** The output on {@code bcm}, low at start and left low at shutdown. */
    public synchronized DigitalOutput output(int bcm) {
        checkOpen();
        DigitalOutput out = outputs.get(bcm);
        if (out == null) {
            if (inputs.containsKey(bcm)) {
                throw new IllegalStateException("BCM " + bcm + " is an input");
            }
            out = context.create(DigitalOutput.newConfigBuilder(context).id("bcm" + bcm)
                    .name(owners.getOrDefault(bcm, "bcm" + bcm)).address(bcm)
                    .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
            outputs.put(bcm, out);
        }
        return out;
    }

    /**
     * A PWM output on {@code bcm} at {@code frequencyHz}, duty 0 at start and at shutdown. On the mock provider any
     * pin; on a Pi (gpiod) the PWM chip's channel of the pin ({@link HardwarePwm}) through sysfs ({@link SysfsPwmPin}).
     *
     * @throws IllegalStateException with what to do: no PWM chip (the overlay to add), a pin without hardware PWM,
     *                               two pins on one channel, a sysfs write that failed
     */
    public synchronized PwmPin pwm(int bcm, int frequencyHz) {
        checkOpen();
        if (inputs.containsKey(bcm) || outputs.containsKey(bcm)) {
            throw new IllegalStateException("BCM " + bcm + " is already a digital pin");
        }
        if (pwms.containsKey(bcm)) {
            throw new IllegalStateException("BCM " + bcm + " is already a PWM pin");
        }
        PwmPin pin;
        if (provider == GpioProvider.MOCK) {
            pin = new Pi4jPwmPin(context.create(Pwm.newConfigBuilder(context).id("pwm" + bcm)
                    .name(owners.getOrDefault(bcm, "pwm" + bcm)).address(bcm).pwmType(PwmType.HARDWARE)
                    .frequency(frequencyHz).initial(0).shutdown(0).build()));
        } else {
            if (pwmChip == null) {
                throw new IllegalStateException(HardwarePwm.noChipHelp());
            }
            int channel = HardwarePwm.channel(model, bcm);
            if (channel < 0) {
                throw new IllegalStateException("BCM " + bcm + " has no hardware PWM on this board: use "
                        + HardwarePwm.pins(model));
            }
            for (Map.Entry<Integer, Integer> e : pwmChannels.entrySet()) {
                if (e.getValue() == channel) {
                    throw new IllegalStateException("BCM " + bcm + " and BCM " + e.getKey() + " are the same PWM channel ("
                            + channel + "): use " + HardwarePwm.pins(model));
                }
            }
            try {
                pin = SysfsPwmPin.open(pwmChip, channel, frequencyHz);
            } catch (IOException e) {
                throw new IllegalStateException("hardware PWM on BCM " + bcm + " (" + pwmChip + "/pwm" + channel
                        + "): " + e.getMessage() + " (is the service user in the gpio group? see afferent doctor)");
            }
            pwmChannels.put(bcm, channel);
        }
        pwms.put(bcm, pin);
        return pin;
    }

    /**
     * An output (a stage, not a source) writes pins until its stage closes: the context stays open until
     * {@link #unhold()} or the end of the run ({@link #close()}), whatever the sources do.
     */
    public synchronized void hold() {
        checkOpen();
        holders++;
    }

    /** The output's stage closed (after writing its safe state). The context itself closes at the end of the run. */
    public synchronized void unhold() {
        holders = Math.max(0, holders - 1);
    }

    /**
     * The state of every output pin, in BCM order of creation: {@code BCM5 high, PWM12 100%} (a PWM pin that is off
     * shows 0 %). Empty when there are none or the session is closed. Any thread; for logs and tests.
     */
    public synchronized String outputStates() {
        if (closed) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Integer, DigitalOutput> e : outputs.entrySet()) {
            sb.append(sb.isEmpty() ? "" : ", ").append("BCM").append(e.getKey()).append(' ')
                    .append(e.getValue().isHigh() ? "high" : "low");
        }
        for (Map.Entry<Integer, PwmPin> e : pwms.entrySet()) {
            sb.append(sb.isEmpty() ? "" : ", ").append("PWM").append(e.getKey()).append(' ')
                    .append(e.getValue().percent()).append('%');
        }
        return sb.toString();
    }

    /** The mock input on {@code bcm}, for a simulator or a test to drive; only on the mock provider. */
    public MockDigitalInput mockInput(int bcm) {
        if (provider != GpioProvider.MOCK) {
            throw new IllegalStateException("pins can only be driven on the mock provider, not " + provider.word());
        }
        return (MockDigitalInput) input(bcm, PullResistance.OFF);
    }

    /** Adds something started with the first {@link #acquire()} and stopped when the session ends. */
    public synchronized void attach(Attachment a) {
        attachments.add(a);
    }

    /**
     * Declares one more source that will {@link #acquire()} this session; the attachments start when all
     * of them have (so the laptop simulator moves no pin before every source listens to it).
     */
    public synchronized void expectUser() {
        expectedUsers++;
    }

    /**
     * A source has opened and attached its pins (its reader thread, at the end of open): starts the
     * attachments once every expected source has.
     */
    public void acquire() throws Exception {
        List<Attachment> toStart;
        synchronized (this) {
            checkOpen();
            users++;
            if (started || users < Math.max(1, expectedUsers)) {
                return;
            }
            started = true;
            toStart = List.copyOf(attachments);
        }
        for (Attachment a : toStart) {
            a.start(this);
        }
    }

    /**
     * A source closed. When it was the last user and the run is stopping (not a restart), the
     * attachments stop and the context shuts down, leaving every output in its shutdown state.
     */
    public void release(boolean runStopping) {
        synchronized (this) {
            users = Math.max(0, users - 1);
            if (users > 0 || holders > 0 || !runStopping || closed) {
                return;
            }
        }
        close();
    }

    /** Stops the attachments and shuts the context down. Idempotent; never throws. */
    public void close() {
        List<Attachment> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = List.copyOf(attachments);
        }
        for (Attachment a : toStop) {
            try {
                a.stop();
            } catch (RuntimeException e) {
                // an attachment's stop must not throw; nothing else to do at shutdown
            }
        }
        for (PwmPin p : pwms.values()) {
            if (p instanceof SysfsPwmPin sysfs) {
                sysfs.close(); // Pi4J shuts its own pins down; these are ours
            }
        }
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            // Pi4J reports failures to shut a pin down; the process is ending anyway
        }
    }

    /** Any thread; a volatile read. */
    public boolean closed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("GPIO session is closed");
        }
    }
}
