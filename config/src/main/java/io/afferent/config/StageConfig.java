package io.afferent.config;

import java.util.List;

/** One processing stage of a profile: fans in its input sources' rings on one thread. */
public record StageConfig(String name, String type, Location location, List<String> inputs, long deadlineUs,
                          WaitName waitStrategy, ErrorPolicy onError, ThreadSettings rt, ConfigMap params) {
    public StageConfig {
        inputs = List.copyOf(inputs);
    }
}
