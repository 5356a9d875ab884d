package io.afferent.mcap;

import java.io.IOException;

/** The bytes are not a well-formed MCAP file (or not MCAP at all); the message says where and why. */
public class McapFormatException extends IOException {
    public McapFormatException(String message) {
        super(message);
    }

    public McapFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
