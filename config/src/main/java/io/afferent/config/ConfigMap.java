package io.afferent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML mapping with typed, validating accessors. Every accessor remembers the key it was asked
 * for, so that {@link #rejectUnknownKeys()} can name any key nobody asked for, with the keys that
 * are allowed. Errors carry the file, line and column of the offending node.
 *
 * <p>Not thread-safe: used while a profile is loaded and the pipeline is built.
 */
public final class ConfigMap implements ConfigNode {
    private final Location location;
    private final String path;
    private final Map<String, ConfigNode> entries;
    private final Map<String, Location> keyLocations;
    private final Set<String> allowed = new LinkedHashSet<>();

    ConfigMap(Location location, String path, Map<String, ConfigNode> entries, Map<String, Location> keyLocations) {
        this.location = location;
        this.path = path;
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.keyLocations = Map.copyOf(keyLocations);
    }

    /** An empty map standing at {@code location}, for an optional section that was left out. */
    public static ConfigMap empty(Location location, String path) {
        return new ConfigMap(location, path, Map.of(), Map.of());
    }

    @Override
    public Location location() {
        return location;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String describe() {
        return "a map";
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public boolean has(String key) {
        allowed.add(key);
        return entries.containsKey(key) && !isNull(entries.get(key));
    }

    /** The raw node, or null when absent. */
    public ConfigNode node(String key) {
        allowed.add(key);
        ConfigNode n = entries.get(key);
        return n == null || isNull(n) ? null : n;
    }

    public String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private ConfigNode required(String key) throws ConfigException {
        ConfigNode n = node(key);
        if (n == null) {
            throw new ConfigException(location, childPath(key), "is required but missing");
        }
        return n;
    }

    public String string(String key) throws ConfigException {
        return asString(required(key));
    }

    public String string(String key, String defaultValue) throws ConfigException {
        ConfigNode n = node(key);
        return n == null ? defaultValue : asString(n);
    }

    public long integer(String key, long min, long max) throws ConfigException {
        return asInteger(required(key), min, max);
    }

    public long integer(String key, long defaultValue, long min, long max) throws ConfigException {
        ConfigNode n = node(key);
        return n == null ? defaultValue : asInteger(n, min, max);
    }

    public double number(String key, double min, double max) throws ConfigException {
        return asNumber(required(key), min, max);
    }

    public double number(String key, double defaultValue, double min, double max) throws ConfigException {
        ConfigNode n = node(key);
        return n == null ? defaultValue : asNumber(n, min, max);
    }

    public boolean bool(String key, boolean defaultValue) throws ConfigException {
        ConfigNode n = node(key);
        if (n == null) {
            return defaultValue;
        }
        if (n instanceof ConfigScalar s && s.kind() == ConfigScalar.Kind.BOOLEAN) {
            return switch (s.text().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            };
        }
        throw n.error("expected true or false, found " + n.describe());
    }

    /** One of a fixed set of words, e.g. {@code overflow: drop}. */
    public <E> E choice(String key, E defaultValue, Map<String, E> choices) throws ConfigException {
        ConfigNode n = node(key);
        if (n == null) {
            if (defaultValue == null) {
                throw new ConfigException(location, childPath(key),
                        "is required but missing (allowed: " + String.join(", ", choices.keySet()) + ")");
            }
            return defaultValue;
        }
        String word = asString(n);
        E value = choices.get(word);
        if (value == null) {
            throw n.error("'" + word + "' is not allowed (allowed: " + String.join(", ", choices.keySet()) + ")");
        }
        return value;
    }

    /** A duration such as {@code 500ms}, {@code 2s}, {@code 1m}; a bare number means seconds. */
    public long durationNanos(String key, long defaultNanos, long minNanos, long maxNanos) throws ConfigException {
        ConfigNode n = node(key);
        if (n == null) {
            return defaultNanos;
        }
        if (!(n instanceof ConfigScalar s) || s.kind() == ConfigScalar.Kind.NULL || s.kind() == ConfigScalar.Kind.BOOLEAN) {
            throw n.error("expected a duration such as 500ms, 2s or 1m, found " + n.describe());
        }
        long nanos;
        try {
            nanos = Durations.parseNanos(s.text());
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        if (nanos < minNanos || nanos > maxNanos) {
            throw n.error(s.text() + " is out of range (allowed: " + Durations.format(minNanos) + " to "
                    + Durations.format(maxNanos) + ")");
        }
        return nanos;
    }

    public ConfigMap map(String key) throws ConfigException {
        ConfigNode n = node(key);
        if (n == null) {
            return empty(keyLocations.getOrDefault(key, location), childPath(key));
        }
        if (n instanceof ConfigMap m) {
            return m;
        }
        throw n.error("expected a map of keys, found " + n.describe());
    }

    public ConfigList list(String key) throws ConfigException {
        ConfigNode n = node(key);
        if (n == null) {
            return new ConfigList(location, childPath(key), List.of());
        }
        if (n instanceof ConfigList l) {
            return l;
        }
        throw n.error("expected a list, found " + n.describe());
    }

    /** A list of words; a single word is accepted as a list of one. */
    public List<String> stringList(String key) throws ConfigException {
        ConfigNode n = node(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof ConfigScalar) {
            return List.of(asString(n));
        }
        return mapItems(list(key), ConfigMap::asString);
    }

    /** A list of integers in [min, max]; a single integer is accepted as a list of one. */
    public List<Integer> intList(String key, int min, int max) throws ConfigException {
        ConfigNode n = node(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof ConfigScalar) {
            return List.of((int) asInteger(n, min, max));
        }
        return mapItems(list(key), item -> (int) asInteger(item, min, max));
    }

    /** A list of numbers in [min, max]; a single number is accepted as a list of one. */
    public List<Double> numberList(String key, double min, double max) throws ConfigException {
        ConfigNode n = node(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof ConfigScalar) {
            return List.of(asNumber(n, min, max));
        }
        return mapItems(list(key), item -> asNumber(item, min, max));
    }

    /** Throws for the first key that no accessor asked for, naming the keys that are allowed here. */
    public void rejectUnknownKeys() throws ConfigException {
        for (String key : entries.keySet()) {
            if (!allowed.contains(key)) {
                String where = path.isEmpty() ? "at the top level" : "in " + path;
                throw new ConfigException(keyLocations.getOrDefault(key, location), childPath(key),
                        "unknown key " + where + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** Entries that are themselves maps (e.g. named sources), in file order. */
    public Map<String, ConfigMap> namedMaps() throws ConfigException {
        Map<String, ConfigMap> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
            allowed.add(e.getKey());
            if (!(e.getValue() instanceof ConfigMap m)) {
                throw e.getValue().error("expected a map of settings, found " + e.getValue().describe());
            }
            out.put(e.getKey(), m);
        }
        return out;
    }

    public Location keyLocation(String key) {
        return keyLocations.getOrDefault(key, location);
    }

    private interface ItemParser<T> {
        T parse(ConfigNode node) throws ConfigException;
    }

    private static <T> List<T> mapItems(ConfigList list, ItemParser<T> parser) throws ConfigException {
        List<T> out = new ArrayList<>(list.items().size());
        for (ConfigNode item : list.items()) {
            out.add(parser.parse(item));
        }
        return out;
    }

    private static boolean isNull(ConfigNode n) {
        return n instanceof ConfigScalar s && s.kind() == ConfigScalar.Kind.NULL;
    }

    static String asString(ConfigNode n) throws ConfigException {
        if (n instanceof ConfigScalar s && s.kind() != ConfigScalar.Kind.NULL) {
            return s.text();
        }
        throw n.error("expected a word or text, found " + n.describe());
    }

    static long asInteger(ConfigNode n, long min, long max) throws ConfigException {
        if (!(n instanceof ConfigScalar s) || s.kind() != ConfigScalar.Kind.INTEGER) {
            throw n.error("expected a whole number, found " + n.describe());
        }
        long v;
        try {
            v = Long.parseLong(s.text().replace("_", ""));
        } catch (NumberFormatException e) {
            throw n.error(s.text() + " is too large (allowed: " + min + " to " + max + ")");
        }
        if (v < min || v > max) {
            throw n.error(v + " is out of range (allowed: " + min + " to " + max + ")");
        }
        return v;
    }

    static double asNumber(ConfigNode n, double min, double max) throws ConfigException {
        if (!(n instanceof ConfigScalar s) || (s.kind() != ConfigScalar.Kind.INTEGER && s.kind() != ConfigScalar.Kind.FLOAT)) {
            throw n.error("expected a number, found " + n.describe());
        }
        double v;
        try {
            v = Double.parseDouble(s.text().replace("_", ""));
        } catch (NumberFormatException e) {
            throw n.error("'" + s.text() + "' is not a number");
        }
        if (!(v >= min && v <= max)) {
            throw n.error(s.text() + " is out of range (allowed: " + trim(min) + " to " + trim(max) + ")");
        }
        return v;
    }

    static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static <T> Map<String, T> choicesOf(Function<T, String> name, T[] values) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T v : values) {
            m.put(name.apply(v), v);
        }
        return m;
    }
}
