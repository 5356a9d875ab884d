package io.afferent.sim;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.config.ConfigException;
import io.afferent.config.ConfigList;
import io.afferent.config.ConfigMap;
import io.afferent.config.ConfigNode;
import io.afferent.config.ConfigScalar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-only {@link Params} over the real YAML loader's {@link ConfigMap}, so that tests see the file:line:col
 * errors a run shows (until the runtime's own view of a profile's params exists).
 */
final class ConfigParams implements Params {
    private final ConfigMap map;

    ConfigParams(ConfigMap map) {
        this.map = map;
    }

    @FunctionalInterface
    private interface Read<T> {
        T get() throws ConfigException;
    }

    private static <T> T read(Read<T> r) throws ConfigError {
        try {
            return r.get();
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage(), e);
        }
    }

    @Override public String location() { return map.location().toString(); }
    @Override public String path() { return map.path(); }
    @Override public boolean has(String key) { return map.has(key); }
    @Override public String string(String key) throws ConfigError { return read(() -> map.string(key)); }
    @Override public String string(String key, String d) throws ConfigError { return read(() -> map.string(key, d)); }

    @Override
    public long integer(String key, long d, long min, long max) throws ConfigError {
        return read(() -> map.integer(key, d, min, max));
    }

    @Override
    public long integer(String key, long min, long max) throws ConfigError {
        return read(() -> map.integer(key, min, max));
    }

    @Override
    public double number(String key, double d, double min, double max) throws ConfigError {
        return read(() -> map.number(key, d, min, max));
    }

    @Override public boolean bool(String key, boolean d) throws ConfigError { return read(() -> map.bool(key, d)); }

    @Override
    public long durationNanos(String key, long d, long min, long max) throws ConfigError {
        return read(() -> map.durationNanos(key, d, min, max));
    }

    @Override
    public <T> T choice(String key, T d, Map<String, T> allowed) throws ConfigError {
        return read(() -> map.choice(key, d, allowed));
    }

    @Override
    public double[] numbers(String key, double min, double max) throws ConfigError {
        ConfigList list = read(() -> map.list(key));
        double[] out = new double[list.items().size()];
        for (int i = 0; i < out.length; i++) {
            ConfigNode n = list.items().get(i);
            if (!(n instanceof ConfigScalar s) || (s.kind() != ConfigScalar.Kind.INTEGER && s.kind() != ConfigScalar.Kind.FLOAT)) {
                throw new ConfigError(n.error("expected a number, found " + n.describe()).getMessage());
            }
            out[i] = Double.parseDouble(s.text().replace("_", ""));
            if (!(out[i] >= min && out[i] <= max)) {
                throw new ConfigError(n.error(s.text() + " is out of range (allowed: " + min + " to " + max + ")").getMessage());
            }
        }
        return out;
    }

    @Override public List<String> strings(String key) throws ConfigError { return read(() -> map.stringList(key)); }
    @Override public Params map(String key) throws ConfigError { return new ConfigParams(read(() -> map.map(key))); }

    @Override
    public List<Params> maps(String key, String item) throws ConfigError {
        List<Params> out = new ArrayList<>();
        for (ConfigNode n : read(() -> map.list(key)).items()) {
            if (!(n instanceof ConfigMap m)) {
                throw new ConfigError(n.error("expected " + item + ", found " + n.describe()).getMessage());
            }
            out.add(new ConfigParams(m));
        }
        return out;
    }

    @Override public List<String> keys() { return List.copyOf(map.keys()); }

    @Override
    public ConfigError error(String key, String message) {
        ConfigNode n = map.node(key);
        ConfigException e = n != null ? n.error(message) : new ConfigException(map.location(), map.childPath(key), message);
        return new ConfigError(e.getMessage(), e);
    }

    @Override public void rejectUnknownKeys() throws ConfigError { read(() -> { map.rejectUnknownKeys(); return null; }); }
}
