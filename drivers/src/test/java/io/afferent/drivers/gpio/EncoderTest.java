package io.afferent.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.afferent.api.msg.Wheels;
import io.afferent.drivers.gpio.sim.MockQuadratureWheel;
import io.afferent.drivers.testing.CollectingOutput;
import io.afferent.drivers.testing.TestContext;
import io.afferent.runtime.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both encoder modes through Pi4J's mock provider: counts, direction, illegal transitions. */
class EncoderTest {
    static final EncoderPins LEFT = new EncoderPins(17, 27, false);
    static final EncoderPins RIGHT = new EncoderPins(22, 23, false);

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final GpioSession session = GpioSession.mock();
    private final TestContext context = new TestContext(clock::nanoTime);
    private final CollectingOutput<Wheels> sink = new CollectingOutput<>(Wheels.TYPE);
    private final EncoderOptions options = EncoderOptions.defaults(1440).withPublishIntervals(0, 100_000_000L);

    @AfterEach
    void close() {
        session.close();
    }

    private MockDigitalInput pin(int bcm) {
        return session.mockInput(bcm);
    }

    private EdgeEncoders edgeEncoders() throws Exception {
        EdgeEncoders e = new EdgeEncoders(session, LEFT, RIGHT, options, clock::nanoTime);
        e.open(context);
        return e;
    }

    private Wheels poll(EdgeEncoders e) {
        clock.advanceNanos(1_000_000);
        e.poll(sink);
        return sink.last();
    }

    /** One edge at a time, A leading B: forward. */
    private void step(MockDigitalInput a, MockDigitalInput b, String phases) {
        for (String p : phases.split(" ")) {
            clock.advanceNanos(10_000);
            DigitalState sa = p.charAt(0) == '1' ? DigitalState.HIGH : DigitalState.LOW;
            DigitalState sb = p.charAt(1) == '1' ? DigitalState.HIGH : DigitalState.LOW;
            if (a.state() != sa) {
                a.mockState(sa);
            }
            if (b.state() != sb) {
                b.mockState(sb);
            }
        }
    }

    @Test
    void countsForwardWhenALeadsB() throws Exception {
        EdgeEncoders e = edgeEncoders();
        step(pin(17), pin(27), "10 11 01 00 10 11 01 00");
        Wheels s = poll(e);
        assertEquals(8, s.leftTicks);
        assertEquals(0, s.rightTicks);
        assertEquals(1440, s.ticksPerRevolution);
        assertEquals(0, s.illegalTransitions);
        assertEquals(1, e.leftDirection());
    }

    @Test
    void countsBackwardWhenBLeadsA() throws Exception {
        EdgeEncoders e = edgeEncoders();
        step(pin(22), pin(23), "01 11 10 00 01 11");
        Wheels s = poll(e);
        assertEquals(-6, s.rightTicks);
        assertEquals(-1, e.rightDirection());
    }

    @Test
    void followsDirectionChanges() throws Exception {
        EdgeEncoders e = edgeEncoders();
        MockDigitalInput a = pin(17);
        MockDigitalInput b = pin(27);
        step(a, b, "10 11 01 00 10 11");          // +6
        assertEquals(6, poll(e).leftTicks);
        step(a, b, "10 00 01 11 10 00 01 11 10"); // -9
        assertEquals(-3, poll(e).leftTicks);
        assertEquals(-1, e.leftDirection());
        step(a, b, "11 01");                      // +2
        assertEquals(-1, poll(e).leftTicks);
        assertEquals(1, e.leftDirection());
        assertEquals(0, sink.last().illegalTransitions);
    }

    @Test
    void reversedEncoderCountsTheOtherWay() throws Exception {
        EdgeEncoders e = new EdgeEncoders(session, new EncoderPins(17, 27, true), RIGHT, options, clock::nanoTime);
        e.open(context);
        step(pin(17), pin(27), "10 11 01 00");
        assertEquals(-4, poll(e).leftTicks);
    }

    @Test
    void stampsTheSampleWithTheLastEdge() throws Exception {
        EdgeEncoders e = edgeEncoders();
        step(pin(17), pin(27), "10 11");
        long lastEdge = clock.nanoTime();
        clock.advanceNanos(3_000_000);
        e.poll(sink);
        assertEquals(lastEdge, sink.lastPublished().acquiredNanos());
        assertEquals(lastEdge, e.lastEdgeNanos());
    }

    @Test
    void publishesWhileStandingStillAtTheIdleInterval() throws Exception {
        EdgeEncoders e = edgeEncoders();
        e.poll(sink); // first poll publishes the starting counts
        int n = sink.samples.size();
        clock.advanceNanos(50_000_000);
        e.poll(sink);
        assertEquals(n, sink.samples.size());
        clock.advanceNanos(50_000_000);
        e.poll(sink);
        assertEquals(n + 1, sink.samples.size());
    }

    @Test
    void pollModeCountsIllegalTransitionsWhenBothPinsChange() throws Exception {
        PolledEncoders p = new PolledEncoders(session, LEFT, RIGHT, options);
        p.open(context);
        MockDigitalInput a = pin(17);
        MockDigitalInput b = pin(27);
        long t = 0;
        a.mockState(DigitalState.HIGH);
        assertEquals(1, TestSupport.sample(p, Wheels.TYPE, t += 100_000).leftTicks);
        b.mockState(DigitalState.HIGH);
        assertEquals(2, TestSupport.sample(p, Wheels.TYPE, t += 100_000).leftTicks);
        a.mockState(DigitalState.LOW);                 // 11 -> 00 unseen in between: a missed edge
        b.mockState(DigitalState.LOW);
        Wheels s = TestSupport.sample(p, Wheels.TYPE, t += 100_000);
        assertEquals(2, s.leftTicks);
        assertEquals(1, s.illegalTransitions);
        b.mockState(DigitalState.HIGH);                // 00 -> 01: backward
        assertEquals(1, TestSupport.sample(p, Wheels.TYPE, t += 100_000).leftTicks);
    }

    @Test
    void edgeModeCountsLostEdgesAndTheIllegalTransitionTheyCause() throws Exception {
        EncoderOptions tiny = new EncoderOptions(1440, options.pull(), options.velocityWindowNanos(), 0,
                options.idlePublishIntervalNanos(), 1_000_000L, 2);
        EdgeEncoders e = new EdgeEncoders(session, LEFT, RIGHT, tiny, clock::nanoTime);
        e.open(context);
        MockQuadratureWheel wheel = new MockQuadratureWheel(pin(17), pin(27), false);
        wheel.moveTo(6); // A: ↑↓↑ and B: ↑↓↑ — each queue holds 2, so the third edge of each is lost
        clock.advanceNanos(10_000_000);
        e.poll(sink);
        assertEquals(4, sink.last().leftTicks, "a loss shows only when a later edge arrives");
        wheel.moveTo(7); // A↓ after the lost A↑: a repeated level
        clock.advanceNanos(10_000_000);
        e.poll(sink);
        Wheels s = sink.last();
        assertEquals(2, context.count("edges_lost"));
        assertEquals(2, context.count("edges_lost_queue_full"));
        assertTrue(s.illegalTransitions >= 1, "a repeated level is a missed edge");
        assertTrue(s.leftTicks < 6);
    }

    @Test
    void waitsForAnEdgeStillBeingQueuedThenCountsItLost() throws Exception {
        EdgeEncoders e = edgeEncoders();
        EdgeCaptureProbe.skipSequence(e); // a listener took a sequence number and has not queued yet
        step(pin(17), pin(27), "10 11");
        e.poll(sink);
        assertEquals(0, sink.last().leftTicks, "held back within the reorder window");
        clock.advanceNanos(options.reorderWindowNanos() + 1);
        e.poll(sink);
        assertEquals(2, sink.last().leftTicks);
        assertEquals(1, context.count("edges_lost"));
    }

    @Test
    void velocityOverTheWindow() throws Exception {
        EdgeEncoders e = edgeEncoders();
        MockQuadratureWheel wheel = new MockQuadratureWheel(pin(17), pin(27), false);
        for (int ms = 1; ms <= 300; ms++) {  // 2 ticks per ms = 2000 ticks/s
            clock.advanceNanos(1_000_000);
            wheel.moveTo(2L * ms);
            e.poll(sink);
        }
        assertEquals(2000, e.leftTicksPerSecond(), 25);
        assertEquals(0, e.rightTicksPerSecond());
    }
}
