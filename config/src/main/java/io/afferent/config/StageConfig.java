package io.afferent.config;

import java.util.List;
import java.util.Map;

/**
 * One processing stage of a profile: subscribes its input topics (sources' or other stages' outputs) on one
 * thread and publishes its output topics.
 *
 * @param inputLocations where each input is named in the file (for errors)
 * @param outputs        each output port of the stage's type → the topic it publishes (the port's name unless
 *                       {@code outputs: {port: NAME}} renames it)
 * @param outputRingSize ring size of each output topic
 * @param heartbeat      {@code heartbeat:} settings (empty when absent), for the plugin that provides heartbeats
 */
public record StageConfig(String name, String type, Location location, List<String> inputs,
                          List<Location> inputLocations, Map<String, String> outputs, int outputRingSize,
                          long deadlineUs, WaitName waitStrategy, ErrorPolicy onError, ThreadSettings rt,
                          ConfigMap params, ConfigMap heartbeat) {
    public StageConfig {
        inputs = List.copyOf(inputs);
        inputLocations = List.copyOf(inputLocations);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }

    /** A stage with no outputs, its inputs located at the stage (tests and code-built pipelines). */
    public StageConfig(String name, String type, Location location, List<String> inputs, long deadlineUs,
                       WaitName waitStrategy, ErrorPolicy onError, ThreadSettings rt, ConfigMap params) {
        this(name, type, location, inputs, java.util.Collections.nCopies(inputs.size(), location), Map.of(), 1024,
                deadlineUs, waitStrategy, onError, rt, params, ConfigMap.empty(location, "stages." + name + ".heartbeat"));
    }
}
