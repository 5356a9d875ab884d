package io.afferent.telemetry;

/** The kinds of message a robot publishes, each under its own topic below {@code afferent/ROBOT/}. */
public enum MessageKind {
    STATUS("status"),
    INTERVAL("interval"),
    EVENTS("events"),
    TOPIC("topics"),
    SUMMARY("summary");

    private final String word;

    MessageKind(String word) {
        this.word = word;
    }

    /** The topic level: {@code status}, {@code interval}, {@code events}, {@code topics}, {@code summary}. */
    public String word() {
        return word;
    }
}
