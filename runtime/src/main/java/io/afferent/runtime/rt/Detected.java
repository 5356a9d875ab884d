package io.afferent.runtime.rt;

/** Holds the platform chosen once per JVM by {@link RealtimePlatform#detect()}. */
final class Detected {
    static final RealtimePlatform PLATFORM = choose();

    private Detected() {
    }

    private static RealtimePlatform choose() {
        try {
            LinuxPlatform linux = new LinuxPlatform(LinuxLibc.load());
            linux.currentThread(); // a real call, so that a broken binding falls back here and not later
            return linux;
        } catch (RuntimeException | LinkageError e) {
            return PortablePlatform.INSTANCE;
        }
    }
}
