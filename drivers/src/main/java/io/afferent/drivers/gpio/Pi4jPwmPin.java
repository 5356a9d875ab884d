package io.afferent.drivers.gpio;

import com.pi4j.io.pwm.Pwm;

/** A PWM pin of a Pi4J context (the mock provider): duty 0 is the PWM off, as Pi4J's on(0) keeps the previous duty. */
final class Pi4jPwmPin implements PwmPin {
    private final Pwm pwm;
    private volatile int percent;

    Pi4jPwmPin(Pwm pwm) {
        this.pwm = pwm;
    }

    @Override
    public void set(int percent) {
        int p = Math.max(0, Math.min(100, percent));
        if (p == 0) {
            pwm.off();
        } else {
            pwm.on(p); // Integer.valueOf(0..100) is a cached box: no allocation
        }
        this.percent = p;
    }

    /** What the mock pin outputs: its duty while on, 0 while off. */
    @Override
    public int percent() {
        return pwm.isOn() ? pwm.getDutyCycle() : 0;
    }
}
