package io.afferent.deploy;

import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.runtime.clock.NanoClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every profile we ship loads and builds its sources and stages: a typo in one is caught here, not by a user. */
class ShippedProfilesTest {
    @Test
    void everyShippedProfileLoadsAndBuilds() throws Exception {
        List<Path> profiles;
        try (Stream<Path> s = Files.list(Path.of("..", "config", "profiles"))) {
            profiles = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(profiles.size() >= 7, "profiles found: " + profiles);
        for (Path file : profiles) {
            Profile profile = new ProfileLoader(Components.CATALOG).load(file);
            assertFalse(profile.sources().isEmpty(), file + " has sources");
            try (Components c = new Components(profile, NanoClock.SYSTEM, NanoClock.SYSTEM.nanoTime())) {
                for (SourceConfig s : profile.sources()) {
                    c.source(s);
                }
                for (StageConfig s : profile.stages()) {
                    c.stage(s);
                }
            }
        }
    }
}
