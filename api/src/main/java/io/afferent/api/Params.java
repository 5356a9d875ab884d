package io.afferent.api;

import java.util.List;
import java.util.Map;

/**
 * The {@code params} of a source, stage or extension in the profile (or another section), with validation: every
 * getter checks type and range and throws a {@link ConfigError} naming file:line:col, the key and what is
 * allowed. Call {@link #rejectUnknownKeys()} after reading every key you accept, so that a typo is an error and
 * never ignored silently. Set-up thread only.
 */
public interface Params {
    /** Where these params are in the profile, as {@code file:line:col}. */
    String location();

    /** The dotted path of these params in the profile ({@code stages.fusion.params}). */
    String path();

    boolean has(String key);

    /** A required string. */
    String string(String key) throws ConfigError;

    String string(String key, String defaultValue) throws ConfigError;

    long integer(String key, long defaultValue, long min, long max) throws ConfigError;

    /** A required integer. */
    long integer(String key, long min, long max) throws ConfigError;

    double number(String key, double defaultValue, double min, double max) throws ConfigError;

    boolean bool(String key, boolean defaultValue) throws ConfigError;

    /** A duration ({@code 100ms}, {@code 2s}, {@code 500us}) in nanoseconds. */
    long durationNanos(String key, long defaultValue, long min, long max) throws ConfigError;

    /** One of {@code allowed}'s keys; the error lists them. */
    <T> T choice(String key, T defaultValue, Map<String, T> allowed) throws ConfigError;

    /** A list of numbers (empty when absent). */
    double[] numbers(String key, double min, double max) throws ConfigError;

    /** A list of strings (empty when absent). */
    List<String> strings(String key) throws ConfigError;

    /** A nested map (empty params when absent). */
    Params map(String key) throws ConfigError;

    /**
     * A list of maps, such as {@code faults: [{type: dropout, at: 2s}, {type: stuck, at: 5s}]} (empty when absent).
     * A value that is not a list is an error; so is an item that is not a map, located at the item and worded
     * "expected {@code item}, found ..." (e.g. {@code item} = "a fault such as {type: dropout, at: 2s}").
     */
    List<Params> maps(String key, String item) throws ConfigError;

    /** The keys present, in file order. */
    List<String> keys();

    /** An error located at {@code key} (or at these params when the key is absent). */
    ConfigError error(String key, String message);

    /** Throws for the first key that no getter has read. */
    void rejectUnknownKeys() throws ConfigError;
}
