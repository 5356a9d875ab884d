package io.afferent.runtime.plugin;

import io.afferent.api.AfferentPlugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds plugins with {@link ServiceLoader}: those on the class path (Afferent's own: simulator, drivers, fusion) and
 * those in the jars named on the command line ({@code --plugins PATH}) or in the profile ({@code plugins:}), a jar
 * or a directory of jars. A missing path, a jar that is not one, a plugin class that cannot be loaded or made, a
 * type name that clashes: a {@link PluginException} saying which and what to do.
 */
public final class PluginLoader {
    private PluginLoader() {
    }

    /** Loads the plugins of the class path and of {@code paths} into a new registry (with the core's own types). */
    public static PluginRegistry load(List<Path> paths) {
        PluginRegistry registry = new PluginRegistry();
        registry.add(new CorePlugin(), "built in");
        Set<Class<?>> seen = new LinkedHashSet<>();
        seen.add(CorePlugin.class);
        loadFrom(ServiceLoader.load(AfferentPlugin.class, PluginLoader.class.getClassLoader()), "class path", registry, seen);
        for (Path p : paths) {
            List<URL> jars = jars(p);
            URLClassLoader loader = new URLClassLoader("plugins:" + p.getFileName(), jars.toArray(new URL[0]),
                    PluginLoader.class.getClassLoader());
            int before = seen.size();
            loadFrom(ServiceLoader.load(AfferentPlugin.class, loader), p.toString(), registry, seen);
            if (seen.size() == before) {
                throw new PluginException("plugin path " + p + ": no plugin found (a plugin jar lists its class in"
                        + " META-INF/services/" + AfferentPlugin.class.getName() + ")");
            }
        }
        return registry;
    }

    private static void loadFrom(ServiceLoader<AfferentPlugin> loader, String from, PluginRegistry registry,
                                 Set<Class<?>> seen) {
        Iterator<AfferentPlugin> it = loader.iterator();
        while (true) {
            AfferentPlugin plugin;
            try {
                if (!it.hasNext()) {
                    return;
                }
                plugin = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new PluginException("plugin from " + from + " could not be loaded: " + e.getMessage()
                        + (cause != e ? " (" + cause + ")" : ""));
            }
            if (seen.add(plugin.getClass())) {
                registry.add(plugin, from);
            }
        }
    }

    private static List<URL> jars(Path p) {
        if (!Files.exists(p)) {
            throw new PluginException("plugin path " + p + " does not exist");
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                s.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new PluginException("plugin directory " + p + " cannot be read: " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw new PluginException("plugin directory " + p + " holds no .jar file");
            }
        } else {
            if (!p.getFileName().toString().endsWith(".jar")) {
                throw new PluginException("plugin path " + p + " is neither a .jar file nor a directory of jars");
            }
            files.add(p);
        }
        List<URL> urls = new ArrayList<>();
        for (Path f : files) {
            try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(f.toFile())) {
                z.size();
            } catch (IOException e) {
                throw new PluginException("plugin jar " + f + " is not a readable jar: " + e.getMessage());
            }
            try {
                urls.add(f.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new PluginException("plugin jar " + f + ": " + e.getMessage());
            }
        }
        return urls;
    }
}
