package io.afferent.fusion;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test-only {@link Params} backed by a map (values: strings, numbers, booleans, nested maps, lists), with the
 * runtime's error wording ({@code file:line:col: path.key: problem}). Each key gets the location
 * {@code test.yaml:LINE:COL}, LINE counting the keys from {@code firstLine} (in the map's order: give
 * several keys in a LinkedHashMap to know their lines); a missing key is located at the map.
 */
final class MapParams implements Params {
    private final String path;
    private final String location;
    private final Map<String, Object> entries;
    private final int firstLine;
    private final int column;
    private final Set<String> read = new LinkedHashSet<>();

    MapParams(String path, Map<String, Object> entries, int firstLine, int column) {
        this(path, "test.yaml:" + (firstLine - 1) + ":" + (column - 2), entries, firstLine, column);
    }

    private MapParams(String path, String location, Map<String, Object> entries, int firstLine, int column) {
        this.path = path;
        this.location = location;
        this.entries = new LinkedHashMap<>(entries);
        this.firstLine = firstLine;
        this.column = column;
    }

    static MapParams of(Map<String, Object> entries) {
        return new MapParams("stages.fusion.params", entries, 10, 7);
    }

    static MapParams empty(String path) {
        return new MapParams(path, Map.of(), 1, 1);
    }

    @Override
    public String location() {
        return location;
    }

    private String keyLocation(String key) {
        int i = 0;
        for (String k : entries.keySet()) {
            if (k.equals(key)) {
                return "test.yaml:" + (firstLine + i) + ":" + column;
            }
            i++;
        }
        return location();
    }

    @Override
    public String path() {
        return path;
    }

    private Object value(String key) {
        read.add(key);
        return entries.get(key);
    }

    @Override
    public boolean has(String key) {
        return value(key) != null;
    }

    @Override
    public ConfigError error(String key, String message) {
        return new ConfigError(keyLocation(key) + ": " + path + "." + key + ": " + message);
    }

    @Override
    public String string(String key) throws ConfigError {
        Object v = value(key);
        if (v == null) throw error(key, "is required but missing");
        return v.toString();
    }

    @Override
    public String string(String key, String defaultValue) {
        Object v = value(key);
        return v == null ? defaultValue : v.toString();
    }

    @Override
    public long integer(String key, long defaultValue, long min, long max) throws ConfigError {
        Object v = value(key);
        if (v == null) return defaultValue;
        if (!(v instanceof Integer || v instanceof Long)) throw error(key, "expected a whole number, found " + v);
        long n = ((Number) v).longValue();
        if (n < min || n > max) throw error(key, n + " is out of range (allowed: " + min + " to " + max + ")");
        return n;
    }

    @Override
    public long integer(String key, long min, long max) throws ConfigError {
        if (!has(key)) throw error(key, "is required but missing");
        return integer(key, 0, min, max);
    }

    @Override
    public double number(String key, double defaultValue, double min, double max) throws ConfigError {
        Object v = value(key);
        if (v == null) return defaultValue;
        if (!(v instanceof Number num)) throw error(key, "expected a number, found " + v);
        double d = num.doubleValue();
        if (!(d >= min && d <= max)) throw error(key, v + " is out of range (allowed: " + trim(min) + " to " + trim(max) + ")");
        return d;
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public boolean bool(String key, boolean defaultValue) throws ConfigError {
        Object v = value(key);
        if (v == null) return defaultValue;
        if (!(v instanceof Boolean b)) throw error(key, "expected true or false, found " + v);
        return b;
    }

    @Override
    public long durationNanos(String key, long defaultValue, long min, long max) throws ConfigError {
        Object v = value(key);
        if (v == null) return defaultValue;
        String t = v.toString();
        long nanos;
        if (t.endsWith("ms")) nanos = Math.round(Double.parseDouble(t.substring(0, t.length() - 2)) * 1e6);
        else if (t.endsWith("us")) nanos = Math.round(Double.parseDouble(t.substring(0, t.length() - 2)) * 1e3);
        else if (t.endsWith("s")) nanos = Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e9);
        else throw error(key, "expected a duration such as 500ms, 2s or 1m, found " + t);
        if (nanos < min || nanos > max) throw error(key, t + " is out of range (allowed: " + min + "ns to " + max + "ns)");
        return nanos;
    }

    @Override
    public <T> T choice(String key, T defaultValue, Map<String, T> allowed) throws ConfigError {
        Object v = value(key);
        if (v == null) return defaultValue;
        T c = allowed.get(v.toString());
        if (c == null) {
            throw error(key, "'" + v + "' is not allowed (allowed: " + String.join(", ", allowed.keySet()) + ")");
        }
        return c;
    }

    @Override
    public double[] numbers(String key, double min, double max) throws ConfigError {
        Object v = value(key);
        if (v == null) return new double[0];
        List<?> l = (List<?>) v;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).doubleValue();
        return out;
    }

    @Override
    public List<String> strings(String key) {
        Object v = value(key);
        if (v == null) return List.of();
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) out.add(o.toString());
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Params map(String key) throws ConfigError {
        Object v = value(key);
        if (v == null) return empty(path + "." + key);
        if (!(v instanceof Map)) throw error(key, "expected a map of keys, found " + v);
        String at = keyLocation(key);
        int line = Integer.parseInt(at.split(":")[1]);
        return new MapParams(path + "." + key, at, (Map<String, Object>) v, line, column + 2);
    }

    /** Lists of maps: not used by fusion (no {@code @Override}, so that this compiles with and without it in the API). */
    public List<Params> maps(String key, String item) throws ConfigError {
        if (value(key) != null) throw error(key, "fusion reads no list of maps");
        return List.of();
    }

    @Override
    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    @Override
    public void rejectUnknownKeys() throws ConfigError {
        for (String k : entries.keySet()) {
            if (!read.contains(k)) {
                throw error(k, "unknown key in " + path + " (allowed: " + String.join(", ", read) + ")");
            }
        }
    }
}
