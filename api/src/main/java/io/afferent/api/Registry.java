package io.afferent.api;

/** Where a plugin registers what it provides. A name another plugin already registered is an error. */
public interface Registry {
    /** A message type, so that profiles, recordings and tools can name it. Types used by sources are registered by them. */
    void message(MessageType<?> type);

    void source(SourceType<?> type);

    /** A stage type with its declared output ports. */
    void stage(StageType type);

    /** A stage type that publishes nothing (a sink-like stage, a counter). */
    default void stage(String type, StageFactory factory) {
        stage(StageType.of(type, factory));
    }

    /**
     * An output (actuator) type: registered as a stage type with no output ports whose stage is the safety layer
     * around the type's {@link Actuator} ({@link OutputType}).
     */
    default void output(OutputType<?> type) {
        stage(type.stageType());
    }

    void extension(String name, ExtensionFactory factory);

    /** Per-run set-up of this plugin, before any source or stage is made. */
    void runHook(RunHook hook);
}
