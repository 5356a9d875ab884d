package io.afferent.drivers.gpio.out;

import io.afferent.api.SafeState;
import io.afferent.drivers.gpio.PwmPin;

/**
 * One wheel of a two-input bridge with no enable pin (DRV8833, DRV8871, MX1508, TB67H450): both inputs are PWM
 * pins, per the DRV8833 truth table. Fast decay: forward PWM on IN1 with IN2 low, reverse PWM on IN2 with IN1 low
 * (the off-time of each period coasts). Slow decay: forward IN1 high with the inverted duty on IN2, reverse IN2
 * high with the inverted duty on IN1 (the off-time brakes; speed follows duty more linearly). Coast: both low;
 * brake: both high. A PWM at 0 % is low and at 100 % is high. No allocation; single thread.
 */
final class InInChannel implements Bridge {
    private final PwmPin in1;
    private final PwmPin in2;
    private final boolean slowDecay;
    private int lastDuty = Integer.MIN_VALUE;

    InInChannel(PwmPin in1, PwmPin in2, boolean slowDecay) {
        this.in1 = in1;
        this.in2 = in2;
        this.slowDecay = slowDecay;
    }

    @Override
    public void drive(int duty) {
        if (duty == lastDuty) {
            return;
        }
        int d = Math.min(100, Math.abs(duty));
        PwmPin driven = duty >= 0 ? in1 : in2;
        PwmPin other = duty >= 0 ? in2 : in1;
        if (d == 0) {
            in1.set(0);
            in2.set(0);
        } else if (slowDecay) {
            driven.set(100);
            other.set(100 - d);
        } else {
            other.set(0);
            driven.set(d);
        }
        lastDuty = duty;
    }

    @Override
    public void safe(SafeState state) {
        lastDuty = Integer.MIN_VALUE;
        int level = state == SafeState.BRAKE ? 100 : 0;
        in1.set(level);
        in2.set(level);
    }
}
