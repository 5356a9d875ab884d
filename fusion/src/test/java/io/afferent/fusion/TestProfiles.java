package io.afferent.fusion;

import io.afferent.api.Params;
import io.afferent.config.ConfigException;
import io.afferent.config.ConfigMap;
import io.afferent.config.YamlReader;
import io.afferent.runtime.plugin.ParamsView;

/**
 * A fusion stage's {@code params} as the runtime gives them: the profile text is read by the real YAML reader
 * and wrapped in the runtime's {@link ParamsView}, so that errors carry the real file:line:col and wording.
 * The params start at line 10 of {@code test.yaml}.
 */
final class TestProfiles {
    private static final String PROFILE = """
            name: t
            sources:
              imu: {type: sim-imu, rate_hz: 100}
            stages:
              fusion:
                type: fusion
                inputs: [imu]
                deadline_us: 150
                params:
            """;

    private TestProfiles() {
    }

    /** {@code params} given as indented YAML lines (6 spaces), or "" for none. */
    static Params params(String params) {
        try {
            ConfigMap root = YamlReader.read("test.yaml", PROFILE + (params.isBlank() ? "      {}\n" : params));
            return ParamsView.of(root.map("stages").map("fusion").map("params"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static Params none() {
        return params("");
    }
}
