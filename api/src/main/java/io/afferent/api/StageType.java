package io.afferent.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage type a plugin registers: its name in profiles ({@code type: fusion}), the output ports it publishes with
 * their message types (declared here so that a profile can be checked before anything runs: every input names a
 * topic that exists, no cycle), and its factory. {@link StageSetup#output} must name a declared port.
 */
public record StageType(String name, Map<String, MessageType<?>> outputs, StageFactory factory) {
    public StageType {
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** A stage type with no outputs yet; add them with {@link #output}. */
    public static StageType of(String name, StageFactory factory) {
        return new StageType(name, Map.of(), factory);
    }

    /** This type with one more output port. */
    public StageType output(String port, MessageType<?> type) {
        Map<String, MessageType<?>> m = new LinkedHashMap<>(outputs);
        m.put(port, type);
        return new StageType(name, m, factory);
    }
}
