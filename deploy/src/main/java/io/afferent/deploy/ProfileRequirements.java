package io.afferent.deploy;

import io.afferent.config.ConfigException;
import io.afferent.config.ConfigScalar;
import io.afferent.config.Profile;
import io.afferent.config.ProfileLoader;
import io.afferent.config.SourceConfig;
import io.afferent.deploy.doctor.DoctorCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What a profile needs from the machine, for {@code afferent doctor --config}. */
final class ProfileRequirements implements Function<Path, DoctorCommand.Requirements> {
    @Override
    public DoctorCommand.Requirements apply(Path file) {
        Profile profile;
        io.afferent.runtime.plugin.PluginRegistry registry;
        try {
            registry = Plugins.load(file, List.of());
            profile = new ProfileLoader(registry.catalog()).load(file);
        } catch (ConfigException | io.afferent.runtime.plugin.PluginException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<Path> serial = new ArrayList<>();
        boolean gpio = false;
        for (SourceConfig s : profile.sources()) {
            io.afferent.api.SourceType<?> type = registry.source(s.type());
            java.util.Set<String> tags = type == null ? java.util.Set.of() : type.tags();
            if (tags.contains("serial") && s.params().node("port") instanceof ConfigScalar port) {
                serial.add(Path.of(port.text()));
            }
            // A source on Pi4J's mock provider (laptops, CI) needs no GPIO chip.
            boolean mock = s.params().node("provider") instanceof ConfigScalar provider && provider.text().equals("mock");
            gpio |= tags.contains("gpio") && !mock;
        }
        return new DoctorCommand.Requirements(serial, gpio);
    }
}
