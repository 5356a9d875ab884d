package io.afferent.mcap;

import java.io.IOException;

/**
 * Writing an MCAP file failed (at open: the file cannot be created or the disk is full; later: the sink
 * threw). The message names the file and the cause; after a failure during a run the file holds a valid
 * (truncated) MCAP prefix that {@link McapReader} reads and {@link McapRepair} repairs.
 */
public class McapWriteException extends IOException {
    public McapWriteException(String message, Throwable cause) {
        super(message, cause);
    }

    public McapWriteException(String message) {
        super(message);
    }
}
