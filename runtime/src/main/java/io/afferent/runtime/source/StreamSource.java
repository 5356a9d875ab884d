package io.afferent.runtime.source;

/** A source whose device delivers data at its own pace (a serial port, an edge interrupt). */
public interface StreamSource extends Source {
    /**
     * Reads what the device has (blocking at most a short, bounded time so that shutdown is prompt),
     * and for each decoded sample claims one from {@code sink}, fills it and publishes it.
     *
     * @return how many samples were published (0 when nothing arrived), the duty cycle's work count
     */
    int poll(SampleSink sink) throws Exception;
}
