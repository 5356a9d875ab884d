package io.afferent.drivers.gpio;

import io.afferent.api.Clock;
import io.afferent.api.Counter;
import io.afferent.api.SourceContext;
import io.afferent.api.StreamOutput;
import io.afferent.api.StreamSource;
import io.afferent.api.msg.Wheels;

/**
 * Quadrature wheel encoders of a differential drive in edge mode (profile type {@code gpio-encoders}):
 * Pi4J listeners queue every A/B edge (see {@link EdgeCapture}); each poll of the reader decodes the
 * queued edges and publishes one {@link Wheels} message when edges arrived (at most one per
 * {@code minPublishInterval}) or, standing still, once per {@code idlePublishInterval}. A message's
 * acquisition time is the timestamp of the last edge it includes (or the poll time when none).
 *
 * <p>Single thread: the reader thread, except the listeners inside {@link EdgeCapture}.
 */
public final class EdgeEncoders implements StreamSource<Wheels> {
    private final GpioSession session;
    private final EncoderPins leftPins;
    private final EncoderPins rightPins;
    private final EncoderOptions options;
    private final Clock clock;
    private final WheelPair wheels;
    private final EdgeCapture left;
    private final EdgeCapture right;
    private SourceContext context;
    private boolean acquired;
    private Counter lost;
    private Counter queueFull;
    private long lostReported;
    private long lastPublishNanos = Long.MIN_VALUE;
    private int pendingEdges;

    public EdgeEncoders(GpioSession session, EncoderPins left, EncoderPins right, EncoderOptions options, Clock clock) {
        this.session = session;
        this.leftPins = left;
        this.rightPins = right;
        this.options = options;
        this.clock = clock;
        this.wheels = new WheelPair(left, right, options);
        this.left = new EdgeCapture(clock, options.edgeQueueCapacity());
        this.right = new EdgeCapture(clock, options.edgeQueueCapacity());
    }

    @Override
    public void open(SourceContext ctx) throws Exception {
        context = ctx;
        lost = ctx.rejectCounter("edges_lost");
        queueFull = ctx.rejectCounter("edges_lost_queue_full");
        left.attach(session.input(leftPins.aBcm(), options.pull()), session.input(leftPins.bBcm(), options.pull()),
                wheels.left);
        right.attach(session.input(rightPins.aBcm(), options.pull()), session.input(rightPins.bBcm(), options.pull()),
                wheels.right);
        lastPublishNanos = Long.MIN_VALUE;
        session.acquire();
        acquired = true;
    }

    @Override
    public int poll(StreamOutput<Wheels> out) {
        long now = clock.nanoTime();
        long gapDeadline = now - options.reorderWindowNanos();
        pendingEdges += left.drain(wheels.left, gapDeadline) + right.drain(wheels.right, gapDeadline);
        long lostNow = left.lostEdges() + right.lostEdges();
        if (lostNow != lostReported) {
            lost.add(lostNow - lostReported);
            lostReported = lostNow;
        }
        long full = left.takeOverflows() + right.takeOverflows();
        if (full != 0) {
            queueFull.add(full);
        }
        boolean first = lastPublishNanos == Long.MIN_VALUE;
        long sincePublish = now - lastPublishNanos;
        boolean due = first
                || pendingEdges > 0 && sincePublish >= options.minPublishIntervalNanos()
                || sincePublish >= options.idlePublishIntervalNanos();
        if (!due) {
            return 0;
        }
        Wheels w = out.claim();
        long edgeNanos = Math.max(wheels.left.lastEdgeNanos(), wheels.right.lastEdgeNanos());
        long acquiredNanos = pendingEdges > 0 ? edgeNanos : now;
        wheels.fill(w, acquiredNanos);
        out.publish(acquiredNanos);
        lastPublishNanos = now;
        pendingEdges = 0;
        return 1;
    }

    @Override
    public void close() {
        left.detach();
        right.detach();
        if (acquired) {
            acquired = false;
            session.release(!context.running());
        }
    }

    /** Left wheel tick rate over the velocity window, as of the last sample (any thread). */
    public double leftTicksPerSecond() {
        return wheels.leftTicksPerSecond();
    }

    /** Right wheel tick rate over the velocity window, as of the last sample (any thread). */
    public double rightTicksPerSecond() {
        return wheels.rightTicksPerSecond();
    }

    /** Timestamp of the latest edge included in a sample (any thread). */
    public long lastEdgeNanos() {
        return wheels.lastEdgeNanos();
    }

    /** +1/-1: direction of the last counted edge of the left wheel (reader thread). */
    public int leftDirection() {
        return wheels.left.direction();
    }

    /** +1/-1: direction of the last counted edge of the right wheel (reader thread). */
    public int rightDirection() {
        return wheels.right.direction();
    }
}
