package io.afferent.drivers.testing;

import io.afferent.api.MessageType;
import io.afferent.api.StreamOutput;

import java.util.ArrayList;
import java.util.List;

/** A {@link StreamOutput} for tests: keeps a copy of every published message with its acquisition time. */
public final class CollectingOutput<M> implements StreamOutput<M> {
    /** One published message. */
    public record Published<M>(M message, long acquiredNanos) {
    }

    private final MessageType<M> type;
    private final M scratch;
    private boolean claimed;
    public final List<Published<M>> samples = new ArrayList<>();

    public CollectingOutput(MessageType<M> type) {
        this.type = type;
        this.scratch = type.create();
    }

    @Override
    public M claim() {
        if (claimed) {
            throw new IllegalStateException("claimed twice without publish or abandon");
        }
        claimed = true;
        type.clear(scratch);
        return scratch;
    }

    @Override
    public void publish(long acquiredNanos) {
        if (!claimed) {
            throw new IllegalStateException("publish without claim");
        }
        claimed = false;
        M copy = type.create();
        type.copy(scratch, copy);
        samples.add(new Published<>(copy, acquiredNanos));
    }

    @Override
    public void abandon() {
        claimed = false;
    }

    public Published<M> lastPublished() {
        return samples.getLast();
    }

    /** The last message published. */
    public M last() {
        return samples.getLast().message();
    }

    public int size() {
        return samples.size();
    }
}
