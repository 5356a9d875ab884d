package io.afferent.deploy.doctor;

/**
 * One line of {@code afferent doctor}.
 *
 * @param name   what was checked ({@code kernel}, {@code serial /dev/ttyUSB0}, ...)
 * @param status pass, warn, fail, or skip (not applicable or not exposed here)
 * @param detail what was found
 * @param fix    how to fix it; empty when nothing to do
 */
public record CheckResult(String name, Status status, String detail, String fix) {
    public enum Status { PASS, WARN, FAIL, SKIP }

    static CheckResult pass(String name, String detail) {
        return new CheckResult(name, Status.PASS, detail, "");
    }

    static CheckResult warn(String name, String detail, String fix) {
        return new CheckResult(name, Status.WARN, detail, fix);
    }

    static CheckResult fail(String name, String detail, String fix) {
        return new CheckResult(name, Status.FAIL, detail, fix);
    }

    static CheckResult skip(String name, String detail) {
        return new CheckResult(name, Status.SKIP, detail, "");
    }
}
