package io.afferent.config;

/** Where something stands in a configuration file (1-based line and column). */
public record Location(String file, int line, int column) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
