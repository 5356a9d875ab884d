package io.afferent.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message type: a plain Java class with public fields, described once at start-up by reflection and then
 * handled with no code per type. A topic's ring is preallocated with {@link #create()}d instances that
 * publishers fill in place; {@link #copy} and {@link #clear} work field by field through {@link VarHandle}s,
 * with no allocation or boxing; {@link #fields()} lets a recorder, an exporter or a telemetry client write any
 * type.
 *
 * <p>Rules for a message class (checked here, with a message naming the field): public, with a public no-arg
 * constructor; every instance field public; fields are primitives ({@code boolean, byte, short, int, long,
 * float, double}), {@code final} primitive arrays (their length, taken from a new instance, is fixed), or
 * {@code final} nested parts that follow the same rules. No {@code String}s, boxed values, enums or
 * collections: those would allocate per message. Annotate fields with {@link Unit}.
 *
 * <p>Immutable; any thread. {@link #copy} and {@link #clear} are called by the thread that owns the
 * destination.
 *
 * @param <M> the message class
 */
public final class MessageType<M> {
    private final String name;
    private final Class<M> javaClass;
    private final Constructor<M> constructor;
    private final List<FieldInfo> fields;
    private final FieldInfo[] fieldArray;
    private final M template;

    private MessageType(String name, Class<M> javaClass) {
        this.name = name;
        this.javaClass = javaClass;
        if (!Modifier.isPublic(javaClass.getModifiers())) {
            throw new IllegalArgumentException("message type " + name + ": " + javaClass.getName() + " must be public");
        }
        try {
            this.constructor = javaClass.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("message type " + name + ": " + javaClass.getName()
                    + " needs a public no-argument constructor");
        }
        this.template = newInstance();
        List<FieldInfo> out = new ArrayList<>();
        walk(javaClass, template, "", new VarHandle[0], out);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("message type " + name + ": " + javaClass.getName() + " has no public fields");
        }
        this.fields = List.copyOf(out);
        this.fieldArray = out.toArray(new FieldInfo[0]);
    }

    /**
     * Describes {@code javaClass} as the message type {@code name} (lower case, digits, '-', '_', '/': the name
     * profiles, reports and recordings use).
     *
     * @throws IllegalArgumentException if the class breaks a rule above (the message names the field)
     */
    public static <M> MessageType<M> of(String name, Class<M> javaClass) {
        Objects.requireNonNull(javaClass, "javaClass");
        if (name == null || !name.matches("[a-z][a-z0-9_/-]*")) {
            throw new IllegalArgumentException("message type name '" + name + "' must match [a-z][a-z0-9_/-]*");
        }
        return new MessageType<>(name, javaClass);
    }

    private static void walk(Class<?> c, Object sample, String prefix, VarHandle[] parents, List<FieldInfo> out) {
        if (!Modifier.isPublic(c.getModifiers())) {
            throw new IllegalArgumentException(c.getName() + " must be public");
        }
        for (Field f : fieldsInOrder(c)) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String path = prefix + f.getName();
            if (!Modifier.isPublic(f.getModifiers())) {
                throw new IllegalArgumentException("field " + c.getName() + "." + f.getName()
                        + " must be public (every field of a message is carried, copied and recorded)");
            }
            Class<?> t = f.getType();
            Unit u = f.getAnnotation(Unit.class);
            String unit = u == null ? "" : u.value();
            VarHandle vh = handle(f);
            FieldKind k = FieldKind.of(t);
            boolean fin = Modifier.isFinal(f.getModifiers());
            if (k != null) {
                if (fin) {
                    throw new IllegalArgumentException("field " + path + " of " + c.getName() + " is final; a message is filled in place");
                }
                out.add(new FieldInfo(path, k, -1, unit, parents, vh));
            } else if (t.isArray() && FieldKind.of(t.getComponentType()) != null) {
                if (!fin) {
                    throw new IllegalArgumentException("array field " + path + " of " + c.getName() + " must be final (fixed length)");
                }
                Object a = get(f, sample);
                if (a == null) {
                    throw new IllegalArgumentException("array field " + path + " of " + c.getName() + " must be allocated by the constructor");
                }
                out.add(new FieldInfo(path, FieldKind.of(t.getComponentType()), java.lang.reflect.Array.getLength(a), unit, parents, vh));
            } else if (t == String.class || t.isPrimitive() || t.isEnum() || t.isArray() || t.getName().startsWith("java.")) {
                throw new IllegalArgumentException("field " + path + " of " + c.getName() + " has type " + t.getSimpleName()
                        + ": a message holds primitives, final primitive arrays and final nested parts only (no String,"
                        + " boxed value, enum or collection: they allocate per message)");
            } else {
                if (!fin) {
                    throw new IllegalArgumentException("nested part " + path + " of " + c.getName() + " must be final");
                }
                Object part = get(f, sample);
                if (part == null) {
                    throw new IllegalArgumentException("nested part " + path + " of " + c.getName() + " must be allocated by the constructor");
                }
                VarHandle[] p2 = java.util.Arrays.copyOf(parents, parents.length + 1);
                p2[parents.length] = vh;
                walk(t, part, path + ".", p2, out);
            }
        }
    }

    /** Declared fields of {@code c} and its superclasses, superclass first, in declaration order. */
    private static List<Field> fieldsInOrder(Class<?> c) {
        List<Field> all = new ArrayList<>();
        if (c.getSuperclass() != null && c.getSuperclass() != Object.class) {
            all.addAll(fieldsInOrder(c.getSuperclass()));
        }
        all.addAll(List.of(c.getDeclaredFields()));
        return all;
    }

    private static Object get(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot read " + f, e);
        }
    }

    private static VarHandle handle(Field f) {
        try {
            return MethodHandles.publicLookup().unreflectVarHandle(f);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot access " + f + " (is its class public and its package exported?)", e);
        }
    }

    private M newInstance() {
        try {
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("message type " + name + ": cannot create " + javaClass.getName() + ": " + e, e);
        }
    }

    public String name() {
        return name;
    }

    public Class<M> javaClass() {
        return javaClass;
    }

    /** The leaf fields, in declaration order (nested parts flattened, superclass fields first). */
    public List<FieldInfo> fields() {
        return fields;
    }

    /** The field at {@code path}, or null. */
    public FieldInfo field(String path) {
        for (FieldInfo f : fieldArray) {
            if (f.path().equals(path)) {
                return f;
            }
        }
        return null;
    }

    /** A new instance as its constructor leaves it (start-up only: allocates). */
    public M create() {
        return newInstance();
    }

    /** Copies every field of {@code from} into {@code to}. No allocation. */
    public void copy(M from, M to) {
        for (FieldInfo f : fieldArray) {
            f.copy(from, to);
        }
    }

    /** Resets {@code m} to the state of a newly constructed instance. No allocation. */
    public void clear(M m) {
        copy(template, m);
    }

    /** Whether {@code a} and {@code b} hold the same bits in every field (NaN equals NaN). No allocation. */
    public boolean sameBits(M a, M b) {
        for (FieldInfo f : fieldArray) {
            if (f.isArray()) {
                for (int i = 0; i < f.arrayLength(); i++) {
                    if (f.kind() == FieldKind.DOUBLE || f.kind() == FieldKind.FLOAT
                            ? Double.doubleToRawLongBits(f.getDouble(a, i)) != Double.doubleToRawLongBits(f.getDouble(b, i))
                            : f.getLong(a, i) != f.getLong(b, i)) {
                        return false;
                    }
                }
            } else if (f.kind() == FieldKind.DOUBLE || f.kind() == FieldKind.FLOAT
                    ? Double.doubleToRawLongBits(f.getDouble(a)) != Double.doubleToRawLongBits(f.getDouble(b))
                    : f.getLong(a) != f.getLong(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + " (" + javaClass.getSimpleName() + ")";
    }
}
