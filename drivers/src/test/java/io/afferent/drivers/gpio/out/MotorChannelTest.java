package io.afferent.drivers.gpio.out;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.afferent.api.SafeState;
import io.afferent.drivers.gpio.GpioSession;
import io.afferent.drivers.gpio.PwmPin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An H-bridge channel on Pi4J's mock provider: the pin states read back from the mock pins. */
class MotorChannelTest {
    private final GpioSession session = GpioSession.mock();
    private final PwmPin pwm = session.pwm(12, 20_000);
    private final DigitalOutput in1 = session.output(5);
    private final DigitalOutput in2 = session.output(6);

    @AfterEach
    void close() {
        session.close();
    }

    private void assertPins(int duty, DigitalState a, DigitalState b) {
        assertEquals(duty, duty(), "duty");
        assertEquals(a, in1.state(), "IN1");
        assertEquals(b, in2.state(), "IN2");
    }

    /** What the PWM pin outputs, read back from the mock pin. */
    private int duty() {
        return pwm.percent();
    }

    @Test
    void twoDirectionPinsDriveForwardReverseCoastAndBrakeAsTheTruthTablesSay() {
        MotorChannel c = new MotorChannel(pwm, in1, in2);
        assertPins(0, DigitalState.LOW, DigitalState.LOW);
        c.drive(40);
        assertPins(40, DigitalState.HIGH, DigitalState.LOW);
        c.drive(-25);
        assertPins(25, DigitalState.LOW, DigitalState.HIGH);
        c.safe(SafeState.BRAKE);
        assertPins(100, DigitalState.HIGH, DigitalState.HIGH);
        c.drive(-25); // after a safe state the same duty is written again
        assertPins(25, DigitalState.LOW, DigitalState.HIGH);
        c.safe(SafeState.COAST);
        assertPins(0, DigitalState.LOW, DigitalState.LOW);
    }

    @Test
    void oneDirectionPinIsHighForwardAndBothSafeStatesAreDutyZero() {
        MotorChannel c = new MotorChannel(pwm, in1, null);
        c.drive(-30);
        assertEquals(30, duty());
        assertEquals(DigitalState.LOW, in1.state());
        c.drive(70);
        assertEquals(70, duty());
        assertEquals(DigitalState.HIGH, in1.state());
        c.safe(SafeState.BRAKE);
        assertEquals(0, duty());
        assertEquals(DigitalState.LOW, in1.state());
    }

    /** What a PWM pin outputs, in percent, read back from the mock pin. */
    private static int duty(PwmPin p) {
        return p.percent();
    }

    private void assertInIn(PwmPin a, PwmPin b, int dutyIn1, int dutyIn2) {
        assertEquals(dutyIn1, duty(a), "IN1 duty");
        assertEquals(dutyIn2, duty(b), "IN2 duty");
    }

    @Test
    void drv8833FastDecayPwmsTheInputOfTheDirectionAndHoldsTheOtherLow() {
        PwmPin a = session.pwm(18, 20_000);
        PwmPin b = session.pwm(19, 20_000);
        InInChannel c = new InInChannel(a, b, false);
        assertInIn(a, b, 0, 0);
        c.drive(40);
        assertInIn(a, b, 40, 0);
        c.drive(-25);
        assertInIn(a, b, 0, 25);
        c.drive(0);
        assertInIn(a, b, 0, 0);
        c.safe(SafeState.BRAKE);
        assertInIn(a, b, 100, 100);
        c.drive(-25); // after a safe state the same duty is written again
        assertInIn(a, b, 0, 25);
        c.safe(SafeState.COAST);
        assertInIn(a, b, 0, 0);
    }

    @Test
    void drv8833SlowDecayHoldsTheInputOfTheDirectionHighAndPwmsTheOtherInverted() {
        PwmPin a = session.pwm(18, 20_000);
        PwmPin b = session.pwm(19, 20_000);
        InInChannel c = new InInChannel(a, b, true);
        c.drive(40);
        assertInIn(a, b, 100, 60);
        c.drive(-25);
        assertInIn(a, b, 75, 100);
        c.drive(100);
        assertInIn(a, b, 100, 0);
        c.drive(0); // zero is coast, not a full brake
        assertInIn(a, b, 0, 0);
        c.drive(-10);
        c.safe(SafeState.BRAKE);
        assertInIn(a, b, 100, 100);
        c.safe(SafeState.COAST);
        assertInIn(a, b, 0, 0);
    }
}
