package io.afferent.config;

import java.util.Map;
import java.util.Set;

/**
 * The source and stage types the composition root can build, so that a profile naming an unknown
 * type fails at load time with the list of known ones.
 *
 * @param sourceTypes each known source type and whether it is periodic (needs {@code rate_hz})
 * @param stageTypes  known stage types
 */
public record TypeCatalog(Map<String, Boolean> sourceTypes, Set<String> stageTypes) {
    public TypeCatalog {
        sourceTypes = Map.copyOf(sourceTypes);
        stageTypes = Set.copyOf(stageTypes);
    }
}
