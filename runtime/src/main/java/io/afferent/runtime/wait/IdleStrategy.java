package io.afferent.runtime.wait;

/**
 * What a duty-cycle thread does when a cycle found no work (Agrona's idea). Single thread: the owner.
 */
public interface IdleStrategy {
    /** Called after every cycle with how much work it did; idles only when {@code workCount == 0}. */
    void idle(int workCount);

    /** The name used in profiles. */
    String name();
}
