package io.afferent.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The unit of a message field ({@code "m/s^2"}, {@code "rad"}, {@code "deg"}, {@code "ns"}...), carried into the
 * field description ({@link FieldInfo#unit()}) and so into recordings, exports and telemetry.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Unit {
    String value();
}
