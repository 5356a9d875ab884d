package io.afferent.runtime.plugin;

import io.afferent.api.ConfigError;
import io.afferent.api.Params;
import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.ConfigNode;

import java.util.List;
import java.util.Map;

/**
 * The API's {@link Params} over a profile's {@link ConfigMap}: the same validation and the same exact messages
 * (file:line:col, key, what is allowed) as the profile loader's own. Set-up thread.
 */
public final class ParamsView implements Params {
    private final ConfigMap map;

    private ParamsView(ConfigMap map) {
        this.map = map;
    }

    public static ParamsView of(ConfigMap map) {
        return new ParamsView(map);
    }

    /** The API's error for a configuration error of the profile loader. */
    public static ConfigError exception(ConfigException e) {
        return new ConfigError(e.getMessage(), e);
    }

    public ConfigMap map() {
        return map;
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
        try {
            return map.string(key);
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public String string(String key, String defaultValue) throws ConfigError {
        try {
            return map.string(key, defaultValue);
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public long integer(String key, long defaultValue, long min, long max) throws ConfigError {
        try {
            return map.integer(key, defaultValue, min, max);
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public long integer(String key, long min, long max) throws ConfigError {
        try {
            return map.integer(key, min, max);
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public double number(String key, double defaultValue, double min, double max) throws ConfigError {
        try {
            return map.number(key, defaultValue, min, max);
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public boolean bool(String key, boolean defaultValue) throws ConfigError {
        try {
            return map.bool(key, defaultValue);
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public long durationNanos(String key, long defaultValue, long min, long max) throws ConfigError {
        try {
            return map.durationNanos(key, defaultValue, min, max);
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public <T> T choice(String key, T defaultValue, Map<String, T> allowed) throws ConfigError {
        try {
            return map.choice(key, defaultValue, allowed);
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public double[] numbers(String key, double min, double max) throws ConfigError {
        try {
            List<Double> items = map.numberList(key, min, max);
            double[] out = new double[items.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = items.get(i);
            }
            return out;
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public List<String> strings(String key) throws ConfigError {
        try {
            return map.stringList(key);
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public Params map(String key) throws ConfigError {
        try {
            return new ParamsView(map.map(key));
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public List<Params> maps(String key, String item) throws ConfigError {
        try {
            List<Params> out = new java.util.ArrayList<>();
            for (ConfigNode n : map.list(key).items()) {
                if (!(n instanceof ConfigMap m)) {
                    throw n.error("expected " + item + ", found " + n.describe());
                }
                out.add(new ParamsView(m));
            }
            return out;
        } catch (ConfigException e) {
            throw exception(e);
        }
    }

    @Override
    public List<String> keys() {
        return List.copyOf(map.keys());
    }

    @Override
    public ConfigError error(String key, String message) {
        ConfigNode n = map.has(key) ? map.node(key) : null;
        ConfigException e = n != null ? n.error(message)
                : new ConfigException(map.location(), key == null ? map.path() : map.childPath(key), message);
        return exception(e);
    }

    @Override
    public void rejectUnknownKeys() throws ConfigError {
        try {
            map.rejectUnknownKeys();
        } catch (ConfigException e) {
            throw exception(e);
        }
    }
}
