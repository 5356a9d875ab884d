package io.afferent.config;

/** What a reader does when its ring is full. */
public enum Overflow {
    /** Drop the new sample and count it; the reader never blocks. For live devices. */
    DROP,
    /** Wait for space; nothing is lost. For sources that replay a file. */
    BLOCK;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
