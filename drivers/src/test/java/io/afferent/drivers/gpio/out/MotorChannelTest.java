package io.afferent.drivers.gpio.out;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import io.afferent.api.SafeState;
import io.afferent.drivers.gpio.GpioSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An H-bridge channel on Pi4J's mock provider: the pin states read back from the mock pins. */
class MotorChannelTest {
    private final GpioSession session = GpioSession.mock();
    private final Pwm pwm = session.pwm(12, 20_000);
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

    /** What the PWM pin outputs: its duty while on, 0 while off. */
    private int duty() {
        return pwm.isOn() ? pwm.getDutyCycle() : 0;
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
}
