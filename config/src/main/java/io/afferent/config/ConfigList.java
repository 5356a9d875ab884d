package io.afferent.config;

import java.util.List;

/** A YAML sequence. */
public record ConfigList(Location location, String path, List<ConfigNode> items) implements ConfigNode {
    public ConfigList {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "a list";
    }
}
