package io.afferent.deploy;

import io.afferent.config.ConfigException;
import io.afferent.config.ProfileLoader;
import io.afferent.runtime.plugin.PluginLoader;
import io.afferent.runtime.plugin.PluginRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The plugins of a command: those on the class path, the profile's {@code plugins:} and {@code --plugins}. */
public final class Plugins {
    private Plugins() {
    }

    /**
     * @param profile a profile file whose {@code plugins:} to load too, or null
     * @throws io.afferent.runtime.plugin.PluginException when a plugin cannot be loaded (print it, exit 2)
     */
    public static PluginRegistry load(Path profile, List<Path> extra) {
        List<Path> paths = new ArrayList<>();
        if (profile != null && Files.isRegularFile(profile)) {
            try {
                paths.addAll(ProfileLoader.pluginPaths(profile));
            } catch (ConfigException e) {
                // the profile itself is broken: loading it reports that, with its position
            }
        }
        if (extra != null) {
            paths.addAll(extra);
        }
        return PluginLoader.load(paths);
    }

    /** The class path's plugins only (commands that take no profile). */
    public static PluginRegistry builtIn() {
        return PluginLoader.load(List.of());
    }
}
