package io.afferent.deploy;

import io.afferent.config.Durations;
import picocli.CommandLine;

/** Parses {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} (a bare number is seconds) into nanoseconds. */
public final class DurationConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            long nanos = Durations.parseNanos(value);
            if (nanos <= 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
            }
            return nanos;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
