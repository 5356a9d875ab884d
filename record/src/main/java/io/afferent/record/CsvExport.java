package io.afferent.record;

import io.afferent.mcap.CdrReader;
import io.afferent.mcap.McapContents;
import io.afferent.mcap.McapRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one CSV per recorded topic from its exact {@code /afferent/TOPIC} channel: {@code time_s} (acquisition
 * time, seconds from the recording's first message) first, then the envelope and one column per field (array
 * elements as {@code name_0, name_1, ...}). Doubles are written with full precision ({@link Double#toString}), so
 * pandas, PlotJuggler and spreadsheets read back the recorded values.
 */
public final class CsvExport {
    private CsvExport() {
    }

    private record Column(String type, String name, int length) {
    }

    /** Exports the topics named in {@code only} (all when empty); returns the files written. */
    public static List<Path> export(McapContents c, Path dir, Set<String> only) throws IOException {
        Files.createDirectories(dir);
        long first = Long.MAX_VALUE;
        for (McapRecord.Message m : c.messages()) {
            first = Math.min(first, m.publishTime());
        }
        Map<Integer, BufferedWriter> writers = new LinkedHashMap<>();
        Map<Integer, List<Column>> columns = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        try {
            for (McapRecord.Channel ch : c.channels().values()) {
                String topic = ch.metadata().get("afferent_topic");
                if (topic == null || !ch.topic().startsWith("/afferent/") || !only.isEmpty() && !only.contains(topic)) {
                    continue;
                }
                List<Column> cols = parse(new String(c.schemas().get(ch.schemaId()).data(), java.nio.charset.StandardCharsets.UTF_8));
                Path f = dir.resolve(topic.replace('/', '_') + ".csv");
                BufferedWriter w = Files.newBufferedWriter(f);
                StringBuilder header = new StringBuilder("time_s");
                for (Column col : cols) {
                    if (col.length < 0) {
                        header.append(',').append(col.name);
                    } else {
                        for (int i = 0; i < col.length; i++) {
                            header.append(',').append(col.name).append('_').append(i);
                        }
                    }
                }
                w.write(header.append('\n').toString());
                writers.put(ch.id(), w);
                columns.put(ch.id(), cols);
                files.add(f);
            }
            StringBuilder line = new StringBuilder();
            for (McapRecord.Message m : c.messages()) {
                BufferedWriter w = writers.get(m.channelId());
                if (w == null) {
                    continue;
                }
                line.setLength(0);
                line.append(String.format(java.util.Locale.ROOT, "%.9f", (m.publishTime() - first) * 1e-9));
                CdrReader r = new CdrReader(m.data());
                for (Column col : columns.get(m.channelId())) {
                    int n = col.length < 0 ? 1 : col.length;
                    for (int i = 0; i < n; i++) {
                        line.append(',');
                        switch (col.type) {
                            case "bool" -> line.append(r.readBool() ? 1 : 0);
                            case "int8" -> line.append(r.readInt8());
                            case "int16" -> line.append(r.readInt16());
                            case "int32" -> line.append(r.readInt32());
                            case "int64" -> line.append(r.readInt64());
                            case "float32" -> line.append(r.readFloat32());
                            case "float64" -> line.append(r.readFloat64());
                            default -> throw new IOException("unexpected field type " + col.type + " in an afferent schema");
                        }
                    }
                }
                w.write(line.append('\n').toString());
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        return files;
    }

    private static List<Column> parse(String schema) {
        List<Column> out = new ArrayList<>();
        for (String l : schema.split("\n")) {
            String t = l.strip();
            if (t.startsWith("===")) {
                break;
            }
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] p = t.split("\\s+");
            int b = p[0].indexOf('[');
            if (b >= 0) {
                out.add(new Column(p[0].substring(0, b), p[1], Integer.parseInt(p[0].substring(b + 1, p[0].length() - 1))));
            } else {
                out.add(new Column(p[0], p[1], -1));
            }
        }
        return out;
    }
}
