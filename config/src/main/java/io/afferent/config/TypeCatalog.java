package io.afferent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source and stage types the run can build (built in and from plugins), so that a profile naming an unknown
 * type, or an input naming no topic, fails at load time with the list of known ones.
 *
 * @param sourceTypes each known source type and whether it is periodic (needs {@code rate_hz})
 * @param stageOutputs each known stage type and the output ports it declares
 */
public record TypeCatalog(Map<String, Boolean> sourceTypes, Map<String, List<String>> stageOutputs) {
    public TypeCatalog {
        sourceTypes = Map.copyOf(sourceTypes);
        Map<String, List<String>> m = new LinkedHashMap<>();
        stageOutputs.forEach((k, v) -> m.put(k, List.copyOf(v)));
        stageOutputs = java.util.Collections.unmodifiableMap(m);
    }

    /** Stage types without outputs. */
    public TypeCatalog(Map<String, Boolean> sourceTypes, Set<String> stageTypes) {
        this(sourceTypes, outputless(stageTypes));
    }

    private static Map<String, List<String>> outputless(Set<String> types) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String t : types) {
            m.put(t, List.of());
        }
        return m;
    }

    public Set<String> stageTypes() {
        return stageOutputs.keySet();
    }
}
