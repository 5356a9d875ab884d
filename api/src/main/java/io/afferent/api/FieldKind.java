package io.afferent.api;

/** The primitive kind of a message field (or of the elements of an array field). */
public enum FieldKind {
    BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE;

    static FieldKind of(Class<?> c) {
        if (c == boolean.class) return BOOLEAN;
        if (c == byte.class) return BYTE;
        if (c == short.class) return SHORT;
        if (c == int.class) return INT;
        if (c == long.class) return LONG;
        if (c == float.class) return FLOAT;
        if (c == double.class) return DOUBLE;
        return null;
    }
}
