package io.afferent.runtime.report;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Writes an extension's report value (Map, List, String, Number, Boolean, null) as JSON. */
final class JsonValues {
    private JsonValues() {
    }

    static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object o : l) {
                    write(g, o);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    g.writeNull();
                } else {
                    g.writeNumber(d);
                }
            }
            case Float f -> write(g, (double) f);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Number n -> g.writeNumber(n.doubleValue());
            default -> g.writeString(v.toString());
        }
    }
}
