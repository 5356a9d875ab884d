package io.afferent.drivers.testing;

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
 * Test-only {@link Params} over a parsed YAML map of the config module, so that errors carry the real
 * file:line:col. Stands in for the runtime's {@code ParamsView.of(ConfigMap)} until it exists (then this class
 * goes). Set-up thread.
 */
public final class YamlParams implements Params {
    private interface Read<T> {
        T get() throws ConfigException;
    }

    private final ConfigMap map;

    public YamlParams(ConfigMap map) {
        this.map = map;
    }

    private static <T> T wrap(Read<T> r) throws ConfigError {
        try {
            return r.get();
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return map.location().toString();
    }

    @Override
    public String path() {
        return map.path();
    }

    @Override
    public boolean has(String key) {
        return map.has(key);
    }

    @Override
    public String string(String key) throws ConfigError {
        return wrap(() -> map.string(key));
    }

    @Override
    public String string(String key, String defaultValue) throws ConfigError {
        return wrap(() -> map.string(key, defaultValue));
    }

    @Override
    public long integer(String key, long defaultValue, long min, long max) throws ConfigError {
        return wrap(() -> map.integer(key, defaultValue, min, max));
    }

    @Override
    public long integer(String key, long min, long max) throws ConfigError {
        return wrap(() -> map.integer(key, min, max));
    }

    @Override
    public double number(String key, double defaultValue, double min, double max) throws ConfigError {
        return wrap(() -> map.number(key, defaultValue, min, max));
    }

    @Override
    public boolean bool(String key, boolean defaultValue) throws ConfigError {
        return wrap(() -> map.bool(key, defaultValue));
    }

    @Override
    public long durationNanos(String key, long defaultValue, long min, long max) throws ConfigError {
        return wrap(() -> map.durationNanos(key, defaultValue, min, max));
    }

    @Override
    public <T> T choice(String key, T defaultValue, Map<String, T> allowed) throws ConfigError {
        return wrap(() -> map.choice(key, defaultValue, allowed));
    }

    @Override
    public double[] numbers(String key, double min, double max) throws ConfigError {
        List<ConfigNode> items = wrap(() -> map.list(key)).items();
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            ConfigNode n = items.get(i);
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

    @Override
    public List<String> strings(String key) throws ConfigError {
        return wrap(() -> map.stringList(key));
    }

    @Override
    public Params map(String key) throws ConfigError {
        return new YamlParams(wrap(() -> map.map(key)));
    }

    @Override
    public List<Params> maps(String key, String example) throws ConfigError {
        ConfigList list = wrap(() -> map.list(key));
        List<Params> out = new ArrayList<>();
        for (ConfigNode n : list.items()) {
            if (!(n instanceof ConfigMap m)) {
                throw new ConfigError(n.error("expected " + example + ", found " + n.describe()).getMessage());
            }
            out.add(new YamlParams(m));
        }
        return out;
    }

    @Override
    public List<String> keys() {
        return List.copyOf(map.keys());
    }

    @Override
    public ConfigError error(String key, String message) {
        ConfigNode n = map.node(key);
        ConfigException e = n != null ? n.error(message)
                : new ConfigException(map.location(), map.childPath(key), message);
        return new ConfigError(e.getMessage(), e);
    }

    @Override
    public void rejectUnknownKeys() throws ConfigError {
        wrap(() -> {
            map.rejectUnknownKeys();
            return null;
        });
    }
}
