package io.afferent.drivers.gpio.out;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.pwm.Pwm;
import io.afferent.api.SafeState;

/**
 * One wheel's H-bridge channel: a PWM pin (speed) and one or two direction pins, the wiring of TB6612FNG
 * (PWMx, xIN1, xIN2) and L298N (ENx, IN1, IN2), see the README's wiring table. (DRV8833 has no enable input: it
 * is driven by PWM on IN1 or IN2, two PWM pins per wheel, which this channel does not do yet.) Two direction pins: forward IN1 high / IN2 low, reverse the opposite; coast both low
 * with PWM 0; brake both high with PWM 100 (the short-brake row of the three drivers' truth tables). One direction
 * pin (DIR + PWM boards): high forward, low reverse; coast and brake are both PWM 0 (such boards brake by
 * themselves on 0). No allocation (Pi4J's duty is an Integer: 0 to 100 are cached boxes). Single thread.
 */
final class MotorChannel {
    private final Pwm pwm;
    private final DigitalOutput in1;
    private final DigitalOutput in2;
    private int lastDuty = Integer.MIN_VALUE;

    /** @param in2 null for a board with one direction pin */
    MotorChannel(Pwm pwm, DigitalOutput in1, DigitalOutput in2) {
        this.pwm = pwm;
        this.in1 = in1;
        this.in2 = in2;
    }

    /** A signed duty in percent (-100 to 100). */
    void drive(int duty) {
        if (duty == lastDuty) {
            return;
        }
        boolean forward = duty >= 0;
        if (forward) {
            if (in2 != null) {
                in2.low();
            }
            in1.high();
        } else {
            in1.low();
            if (in2 != null) {
                in2.high();
            }
        }
        pwm(Math.abs(duty));
        lastDuty = duty;
    }

    /** Duty 0 is the PWM off (Pi4J's on(0) keeps the previous duty). */
    private void pwm(int duty) {
        if (duty == 0) {
            pwm.off();
        } else {
            pwm.on(duty);
        }
    }

    void safe(SafeState state) {
        lastDuty = Integer.MIN_VALUE;
        if (state == SafeState.BRAKE && in2 != null) {
            in1.high();
            in2.high();
            pwm(100);
        } else {
            pwm(0);
            in1.low();
            if (in2 != null) {
                in2.low();
            }
        }
    }
}
