package io.afferent.api;

/** A source whose device delivers data at its own pace (a serial port, edge interrupts). */
public interface StreamSource<M> extends Source<M> {
    /**
     * Reads what the device has, blocking at most a short bounded time (so that shutdown is prompt), and for each
     * decoded message claims one from {@code out}, fills it and publishes it with its acquisition time.
     *
     * @return how many messages were published (0 when nothing arrived): the duty cycle's work count
     */
    int poll(StreamOutput<M> out) throws Exception;
}
