package io.afferent.runtime.plugin;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.ExtensionFactory;
import io.afferent.api.MessageType;
import io.afferent.api.Registry;
import io.afferent.api.RunHook;
import io.afferent.api.SourceType;
import io.afferent.api.StageType;
import io.afferent.config.TypeCatalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every type the loaded plugins registered: message, source and stage types, extensions and run hooks, each with
 * the plugin that brought it. A name registered twice is a {@link PluginException} naming both plugins. Built once
 * per process on the main thread; read-only afterwards.
 */
public final class PluginRegistry {
    private final Map<String, Owned<MessageType<?>>> messages = new LinkedHashMap<>();
    private final Map<String, Owned<SourceType<?>>> sources = new LinkedHashMap<>();
    private final Map<String, Owned<StageType>> stages = new LinkedHashMap<>();
    private final Map<String, Owned<ExtensionFactory>> extensions = new LinkedHashMap<>();
    private final List<RunHook> hooks = new ArrayList<>();
    private final List<String> plugins = new ArrayList<>();

    private record Owned<T>(T value, String plugin) {
    }

    /** Lets {@code plugin} register its types; a clash or a throwing plugin is a {@link PluginException}. */
    public void add(AfferentPlugin plugin, String from) {
        String name;
        try {
            name = plugin.name();
        } catch (Throwable t) {
            throw new PluginException("plugin " + plugin.getClass().getName() + " (" + from + ") failed: " + t);
        }
        String who = "plugin '" + name + "' (" + from + ")";
        try {
            plugin.register(new Scoped(who));
        } catch (PluginException e) {
            throw e;
        } catch (Throwable t) {
            throw new PluginException(who + " failed while registering its types: " + t);
        }
        plugins.add(who);
    }

    private <T> void put(Map<String, Owned<T>> map, String kind, String name, T value, String who) {
        if (name == null || name.isBlank()) {
            throw new PluginException(who + " registered " + (kind.equals("extension") ? "an extension" : "a " + kind + " type")
                    + " without a name");
        }
        Owned<T> prev = map.putIfAbsent(name, new Owned<>(value, who));
        if (prev != null && prev.value() != value) {
            throw new PluginException(kind + " type '" + name + "' is registered by both " + prev.plugin() + " and " + who
                    + "; remove one of the plugins");
        }
    }

    private final class Scoped implements Registry {
        private final String who;

        Scoped(String who) {
            this.who = who;
        }

        @Override
        public void message(MessageType<?> type) {
            Owned<MessageType<?>> prev = messages.get(type.name());
            if (prev != null && prev.value().javaClass() == type.javaClass()) {
                return; // the same type, registered again (by a source and by its plugin, say)
            }
            put(messages, "message", type.name(), type, who);
        }

        @Override
        public void source(SourceType<?> type) {
            message(type.messageType());
            put(sources, "source", type.name(), type, who);
        }

        @Override
        public void stage(StageType type) {
            type.outputs().values().forEach(this::message);
            put(stages, "stage", type.name(), type, who);
        }

        @Override
        public void extension(String name, ExtensionFactory factory) {
            put(extensions, "extension", name, factory, who);
        }

        @Override
        public void runHook(RunHook hook) {
            hooks.add(hook);
        }
    }

    public SourceType<?> source(String type) {
        Owned<SourceType<?>> o = sources.get(type);
        return o == null ? null : o.value();
    }

    public StageType stage(String type) {
        Owned<StageType> o = stages.get(type);
        return o == null ? null : o.value();
    }

    public MessageType<?> message(String name) {
        Owned<MessageType<?>> o = messages.get(name);
        return o == null ? null : o.value();
    }

    public Map<String, MessageType<?>> messages() {
        Map<String, MessageType<?>> m = new LinkedHashMap<>();
        messages.forEach((k, v) -> m.put(k, v.value()));
        return m;
    }

    public Map<String, ExtensionFactory> extensions() {
        Map<String, ExtensionFactory> m = new LinkedHashMap<>();
        extensions.forEach((k, v) -> m.put(k, v.value()));
        return m;
    }

    public List<RunHook> runHooks() {
        return List.copyOf(hooks);
    }

    /** The plugins loaded, as {@code plugin 'NAME' (FROM)}. */
    public List<String> plugins() {
        return List.copyOf(plugins);
    }

    /** Who registered source or stage type {@code type}, or null. */
    public String owner(String type) {
        Owned<?> o = sources.containsKey(type) ? sources.get(type) : stages.get(type);
        return o == null ? null : o.plugin();
    }

    /** The catalogue the profile loader checks types and topics against. */
    public TypeCatalog catalog() {
        Map<String, Boolean> src = new LinkedHashMap<>();
        sources.forEach((k, v) -> src.put(k, v.value().periodic()));
        Map<String, List<String>> stg = new LinkedHashMap<>();
        stages.forEach((k, v) -> stg.put(k, List.copyOf(v.value().outputs().keySet())));
        return new TypeCatalog(src, stg);
    }
}
