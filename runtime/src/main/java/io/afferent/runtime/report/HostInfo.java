package io.afferent.runtime.report;

/** The machine a run ran on, for the report. */
public final class HostInfo {
    private HostInfo() {
    }

    public static RunReport.Host current() {
        return new RunReport.Host(System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.version"),
                System.getProperty("java.vendor") + " " + Runtime.version());
    }
}
