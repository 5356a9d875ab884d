package io.afferent.api;

import java.lang.invoke.VarHandle;

/**
 * One leaf field of a message type: a primitive, or a fixed-length primitive array, possibly inside nested parts
 * ({@code pose.x}). Read without allocation or boxing through the typed getters, so that a recorder, an exporter
 * or a telemetry client can write any message type with no code per type.
 *
 * <p>Immutable; any thread.
 */
public final class FieldInfo {
    private final String path;
    private final FieldKind kind;
    private final int arrayLength;
    private final String unit;
    private final VarHandle[] parents;
    private final VarHandle leaf;

    FieldInfo(String path, FieldKind kind, int arrayLength, String unit, VarHandle[] parents, VarHandle leaf) {
        this.path = path;
        this.kind = kind;
        this.arrayLength = arrayLength;
        this.unit = unit;
        this.parents = parents;
        this.leaf = leaf;
    }

    /** Dotted path from the message ({@code "accelX"}, {@code "part.value"}). */
    public String path() {
        return path;
    }

    public FieldKind kind() {
        return kind;
    }

    /** -1 for a scalar; the fixed length of an array field otherwise. */
    public int arrayLength() {
        return arrayLength;
    }

    public boolean isArray() {
        return arrayLength >= 0;
    }

    /** The unit from {@link Unit}, or "" when none was declared. */
    public String unit() {
        return unit;
    }

    private Object holder(Object message) {
        Object o = message;
        for (VarHandle p : parents) {
            o = (Object) p.get(o);
        }
        return o;
    }

    /** The array object of an array field (for bulk reads). */
    public Object array(Object message) {
        return (Object) leaf.get(holder(message));
    }

    public double getDouble(Object message) {
        Object h = holder(message);
        return switch (kind) {
            case DOUBLE -> (double) leaf.get(h);
            case FLOAT -> (float) leaf.get(h);
            case LONG -> (long) leaf.get(h);
            case INT -> (int) leaf.get(h);
            case SHORT -> (short) leaf.get(h);
            case BYTE -> (byte) leaf.get(h);
            case BOOLEAN -> (boolean) leaf.get(h) ? 1 : 0;
        };
    }

    public long getLong(Object message) {
        Object h = holder(message);
        return switch (kind) {
            case LONG -> (long) leaf.get(h);
            case INT -> (int) leaf.get(h);
            case SHORT -> (short) leaf.get(h);
            case BYTE -> (byte) leaf.get(h);
            case BOOLEAN -> (boolean) leaf.get(h) ? 1 : 0;
            case DOUBLE -> (long) (double) leaf.get(h);
            case FLOAT -> (long) (float) leaf.get(h);
        };
    }

    public boolean getBoolean(Object message) {
        return kind == FieldKind.BOOLEAN ? (boolean) leaf.get(holder(message)) : getLong(message) != 0;
    }

    /** Element {@code i} of an array field, widened to double. */
    public double getDouble(Object message, int i) {
        Object a = array(message);
        return switch (kind) {
            case DOUBLE -> ((double[]) a)[i];
            case FLOAT -> ((float[]) a)[i];
            case LONG -> ((long[]) a)[i];
            case INT -> ((int[]) a)[i];
            case SHORT -> ((short[]) a)[i];
            case BYTE -> ((byte[]) a)[i];
            case BOOLEAN -> ((boolean[]) a)[i] ? 1 : 0;
        };
    }

    /** Element {@code i} of an integral array field. */
    public long getLong(Object message, int i) {
        Object a = array(message);
        return switch (kind) {
            case LONG -> ((long[]) a)[i];
            case INT -> ((int[]) a)[i];
            case SHORT -> ((short[]) a)[i];
            case BYTE -> ((byte[]) a)[i];
            case BOOLEAN -> ((boolean[]) a)[i] ? 1 : 0;
            case DOUBLE -> (long) ((double[]) a)[i];
            case FLOAT -> (long) ((float[]) a)[i];
        };
    }

    /** Sets this scalar field from a double (narrowed to its kind; booleans: non-zero is true). For replay and tools. */
    public void setDouble(Object message, double v) {
        Object h = holder(message);
        switch (kind) {
            case DOUBLE -> leaf.set(h, v);
            case FLOAT -> leaf.set(h, (float) v);
            case LONG -> leaf.set(h, (long) v);
            case INT -> leaf.set(h, (int) v);
            case SHORT -> leaf.set(h, (short) v);
            case BYTE -> leaf.set(h, (byte) v);
            case BOOLEAN -> leaf.set(h, v != 0);
        }
    }

    /** Sets this scalar integral (or boolean) field; a floating-point field gets the value converted. */
    public void setLong(Object message, long v) {
        Object h = holder(message);
        switch (kind) {
            case DOUBLE -> leaf.set(h, (double) v);
            case FLOAT -> leaf.set(h, (float) v);
            case LONG -> leaf.set(h, v);
            case INT -> leaf.set(h, (int) v);
            case SHORT -> leaf.set(h, (short) v);
            case BYTE -> leaf.set(h, (byte) v);
            case BOOLEAN -> leaf.set(h, v != 0);
        }
    }

    /** Sets element {@code i} of an array field from a double (narrowed to its kind). */
    public void setDouble(Object message, int i, double v) {
        Object a = array(message);
        switch (kind) {
            case DOUBLE -> ((double[]) a)[i] = v;
            case FLOAT -> ((float[]) a)[i] = (float) v;
            case LONG -> ((long[]) a)[i] = (long) v;
            case INT -> ((int[]) a)[i] = (int) v;
            case SHORT -> ((short[]) a)[i] = (short) v;
            case BYTE -> ((byte[]) a)[i] = (byte) v;
            case BOOLEAN -> ((boolean[]) a)[i] = v != 0;
        }
    }

    /** Sets element {@code i} of an integral (or boolean) array field. */
    public void setLong(Object message, int i, long v) {
        Object a = array(message);
        switch (kind) {
            case DOUBLE -> ((double[]) a)[i] = v;
            case FLOAT -> ((float[]) a)[i] = v;
            case LONG -> ((long[]) a)[i] = v;
            case INT -> ((int[]) a)[i] = (int) v;
            case SHORT -> ((short[]) a)[i] = (short) v;
            case BYTE -> ((byte[]) a)[i] = (byte) v;
            case BOOLEAN -> ((boolean[]) a)[i] = v != 0;
        }
    }

    /** Copies this field from {@code from} to {@code to} (same type); no allocation. */
    void copy(Object from, Object to) {
        Object f = holder(from);
        Object t = holder(to);
        if (arrayLength >= 0) {
            Object src = (Object) leaf.get(f);
            System.arraycopy(src, 0, (Object) leaf.get(t), 0, arrayLength);
            return;
        }
        switch (kind) {
            case DOUBLE -> leaf.set(t, (double) leaf.get(f));
            case FLOAT -> leaf.set(t, (float) leaf.get(f));
            case LONG -> leaf.set(t, (long) leaf.get(f));
            case INT -> leaf.set(t, (int) leaf.get(f));
            case SHORT -> leaf.set(t, (short) leaf.get(f));
            case BYTE -> leaf.set(t, (byte) leaf.get(f));
            case BOOLEAN -> leaf.set(t, (boolean) leaf.get(f));
        }
    }

    @Override
    public String toString() {
        return path + ":" + kind.name().toLowerCase(java.util.Locale.ROOT) + (arrayLength >= 0 ? "[" + arrayLength + "]" : "")
                + (unit.isEmpty() ? "" : " (" + unit + ")");
    }
}
