package io.afferent.runtime.rt;

/**
 * A process resource limit as {@code getrlimit} reports it.
 *
 * @param soft the limit in force ({@link #UNLIMITED} for {@code RLIM_INFINITY}, -2 when unknown)
 * @param hard the ceiling an unprivileged process may raise the soft limit to
 */
public record ResourceLimit(long soft, long hard) {
    public static final long UNLIMITED = Long.MAX_VALUE;
    public static final long UNKNOWN = -2;

    /** The limits the runtime cares about; numbers are the generic Linux ones (x86_64 and aarch64 alike). */
    public enum Kind {
        /** {@code RLIMIT_MEMLOCK}, bytes. */
        MEMLOCK(8),
        /** {@code RLIMIT_RTPRIO}, the highest SCHED_FIFO/RR priority an unprivileged thread may set. */
        RTPRIO(14);

        final int linuxResource;

        Kind(int linuxResource) {
            this.linuxResource = linuxResource;
        }
    }

    public static ResourceLimit unknown() {
        return new ResourceLimit(UNKNOWN, UNKNOWN);
    }

    public boolean known() {
        return soft != UNKNOWN;
    }

    /** {@code 0/0}, {@code unlimited/unlimited}, {@code 8388608/8388608}. */
    public String describe() {
        return known() ? text(soft) + "/" + text(hard) : "unknown";
    }

    private static String text(long v) {
        return v == UNLIMITED ? "unlimited" : Long.toString(v);
    }
}
