package io.afferent.drivers.gpio.out;

import io.afferent.api.SafeState;

/** One wheel's H-bridge inputs, as a board's truth table drives them. No allocation; single thread: the output's. */
interface Bridge {
    /** A signed duty in percent (-100 to 100; negative: reverse). */
    void drive(int duty);

    /** Coast (both motor terminals floating) or brake (both to the same rail), at once. */
    void safe(SafeState state);
}
