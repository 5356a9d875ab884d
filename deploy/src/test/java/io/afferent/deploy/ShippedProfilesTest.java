package io.afferent.deploy;

import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
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
        var registry = Plugins.builtIn();
        for (Path file : profiles) {
            Profile profile = new ProfileLoader(registry.catalog()).load(file);
            assertFalse(profile.sources().isEmpty(), file + " has sources");
            var builder = io.afferent.runtime.run.Pipeline.builder(NanoClock.SYSTEM,
                    io.afferent.runtime.rt.RealtimePlatform.detect(), (n, st) -> io.afferent.runtime.rt.RealtimePlatform.detect().currentThread());
            Path dir = Files.createTempDirectory("shipped");
            // Makes every source and stage with its params validated, resolves every topic and subscription.
            io.afferent.runtime.plugin.RunAssembler.assemble(profile, registry, NanoClock.SYSTEM, NanoClock.SYSTEM.nanoTime(),
                    dir, builder).close();
        }
    }
}
