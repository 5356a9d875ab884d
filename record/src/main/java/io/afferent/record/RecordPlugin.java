package io.afferent.record;

import io.afferent.api.AfferentPlugin;
import io.afferent.api.Registry;

/** Registers the recorder (extension {@code record}): on when the profile has {@code record:} or with {@code --record}. */
public final class RecordPlugin implements AfferentPlugin {
    @Override
    public String name() {
        return "record";
    }

    @Override
    public void register(Registry registry) {
        registry.extension(RecordExtension.NAME, new RecordExtension());
    }
}
