package io.afferent.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage type a plugin registers: its name in profiles ({@code type: fusion}), the output ports it publishes with
 * their message types (declared here so that a profile can be checked before anything runs: every input names a
 * topic that exists, no cycle), and its factory. {@link StageSetup#output} must name a declared port.
 *
 * @param actuates true for a stage that drives hardware (an output, {@link OutputType}): {@code afferent replay}
 *                 never makes such a stage, so replaying a robot's recording never moves a motor; its commands are
 *                 still compared, as the outputs of the stages that published them
 */
public record StageType(String name, Map<String, MessageType<?>> outputs, StageFactory factory, boolean actuates) {
    public StageType {
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** A stage type that drives no hardware. */
    public StageType(String name, Map<String, MessageType<?>> outputs, StageFactory factory) {
        this(name, outputs, factory, false);
    }

    /** A stage type with no outputs yet; add them with {@link #output}. */
    public static StageType of(String name, StageFactory factory) {
        return new StageType(name, Map.of(), factory);
    }

    /** This type with one more output port. */
    public StageType output(String port, MessageType<?> type) {
        Map<String, MessageType<?>> m = new LinkedHashMap<>(outputs);
        m.put(port, type);
        return new StageType(name, m, factory, actuates);
    }

    /** This type, marked as driving hardware (see {@link #actuates()}). */
    public StageType actuating() {
        return new StageType(name, outputs, factory, true);
    }
}
