package io.afferent.api;

/** What an output does when it must stop: let the motors spin down freely, or short them (brake). */
public enum SafeState {
    /** Drivers off (high impedance): the wheels spin down freely. A relay or LED: off. */
    COAST,
    /** Both motor terminals to the same rail: the motor resists turning. A relay or LED: off. */
    BRAKE
}
