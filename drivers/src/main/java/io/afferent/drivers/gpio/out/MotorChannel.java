package io.afferent.drivers.gpio.out;

import com.pi4j.io.gpio.digital.DigitalOutput;
import io.afferent.api.SafeState;
import io.afferent.drivers.gpio.PwmPin;

/**
 * One wheel's H-bridge channel: a PWM pin (speed) and one or two direction pins, the wiring of TB6612FNG
 * (PWMx, xIN1, xIN2) and L298N (ENx, IN1, IN2), see the README's wiring table. (DRV8833 has no enable input: its
 * two inputs are both PWM'd, {@link InInChannel}.) Two direction pins: forward IN1 high / IN2 low, reverse the opposite; coast both low
 * with PWM 0; brake both high with PWM 100 (the short-brake row of the three drivers' truth tables). One direction
 * pin (DIR + PWM boards): high forward, low reverse; coast and brake are both PWM 0 (such boards brake by
 * themselves on 0). No allocation. Single thread.
 */
final class MotorChannel implements Bridge {
    private final PwmPin pwm;
    private final DigitalOutput in1;
    private final DigitalOutput in2;
    private int lastDuty = Integer.MIN_VALUE;

    /** @param in2 null for a board with one direction pin */
    MotorChannel(PwmPin pwm, DigitalOutput in1, DigitalOutput in2) {
        this.pwm = pwm;
        this.in1 = in1;
        this.in2 = in2;
    }

    @Override
    public void drive(int duty) {
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
        pwm.set(Math.abs(duty));
        lastDuty = duty;
    }

    @Override
    public void safe(SafeState state) {
        lastDuty = Integer.MIN_VALUE;
        if (state == SafeState.BRAKE && in2 != null) {
            in1.high();
            in2.high();
            pwm.set(100);
        } else {
            pwm.set(0);
            in1.low();
            if (in2 != null) {
                in2.low();
            }
        }
    }
}
