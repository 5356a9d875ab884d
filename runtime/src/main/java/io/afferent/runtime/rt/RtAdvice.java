package io.afferent.runtime.rt;

/** The "how to grant it" texts shared by warnings and {@code afferent doctor}. Stateless. */
public final class RtAdvice {
    private RtAdvice() {
    }

    /** How to allow SCHED_FIFO/SCHED_RR up to {@code priority} (and negative nice). */
    public static String grantRealtimePriority(int priority) {
        int p = Math.max(priority, 1);
        return "in the systemd unit LimitRTPRIO=" + p
                + " (or AmbientCapabilities=CAP_SYS_NICE); for a shell user '@robot - rtprio " + p
                + "' in /etc/security/limits.conf and log in again (check with 'ulimit -r'); or "
                + "'sudo setcap cap_sys_nice+ep \"$(readlink -f \"$(command -v java)\")\"'";
    }

    /** How to allow {@code mlockall}. */
    public static String grantMemoryLock() {
        return "in the systemd unit LimitMEMLOCK=infinity (or "
                + "AmbientCapabilities=CAP_IPC_LOCK); for a shell user '@robot - memlock unlimited' in "
                + "/etc/security/limits.conf and log in again (check with 'ulimit -l'); or "
                + "'sudo setcap cap_ipc_lock+ep \"$(readlink -f \"$(command -v java)\")\"'";
    }

    /** How to allow a negative nice value. */
    public static String grantNice(int nice) {
        return "in the systemd unit Nice=" + nice
                + " or LimitNICE=" + (20 - nice) + " (or AmbientCapabilities=CAP_SYS_NICE); for a shell user '@robot - nice "
                + nice + "' in /etc/security/limits.conf";
    }
}
