package io.afferent.api;

/** Where a plugin registers what it provides. A name another plugin already registered is an error. */
public interface Registry {
    /** A message type, so that profiles, recordings and tools can name it. Types used by sources are registered by them. */
    void message(MessageType<?> type);

    void source(SourceType<?> type);

    void stage(String type, StageFactory factory);

    void extension(String name, ExtensionFactory factory);

    /** Per-run set-up of this plugin, before any source or stage is made. */
    void runHook(RunHook hook);
}
