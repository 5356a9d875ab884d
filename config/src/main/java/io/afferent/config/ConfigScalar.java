package io.afferent.config;

/** A scalar value as written in the file, with what the YAML parser made of it. */
public record ConfigScalar(Location location, String path, Kind kind, String text) implements ConfigNode {
    public enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    @Override
    public String describe() {
        return switch (kind) {
            case STRING -> "text '" + text + "'";
            case INTEGER -> "the integer " + text;
            case FLOAT -> "the number " + text;
            case BOOLEAN -> "the boolean '" + text + "'";
            case NULL -> "nothing (null)";
        };
    }
}
