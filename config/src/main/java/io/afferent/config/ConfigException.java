package io.afferent.config;

/**
 * A configuration error a user must fix: says where (file, line, column), which key, what is wrong
 * and what is allowed. Its message is meant to be printed as is, without a stack trace.
 */
public final class ConfigException extends Exception {
    private final Location location;
    private final String path;
    private final String problem;

    public ConfigException(Location location, String path, String problem) {
        super(format(location, path, problem));
        this.location = location;
        this.path = path;
        this.problem = problem;
    }

    private static String format(Location location, String path, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(location);
        sb.append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        sb.append(problem);
        return sb.toString();
    }

    public Location location() {
        return location;
    }

    /** Dotted key path, e.g. {@code sources.imu.ring_size}; empty for the document itself. */
    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
