package io.afferent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML document into a {@link ConfigNode} tree that remembers the line and column of every
 * key and value, so that validation errors can point at them. Rejects duplicate keys and
 * multi-document files.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlReader() {
    }

    public static ConfigMap read(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new Location(name, 0, 0), "", "no such file");
        } catch (IOException e) {
            throw new ConfigException(new Location(name, 0, 0), "", "cannot be read: " + e.getMessage());
        }
        return read(name, text);
    }

    public static ConfigMap read(String fileName, String text) throws ConfigException {
        try (Reader reader = new StringReader(text); JsonParser p = FACTORY.createParser(reader)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConfigException(new Location(fileName, 1, 1), "", "the file is empty");
            }
            ConfigNode root = readNode(p, fileName, "");
            if (p.nextToken() != null) {
                throw new ConfigException(loc(fileName, p.currentTokenLocation()), "",
                        "more than one YAML document in the file; a profile is one document");
            }
            if (!(root instanceof ConfigMap map)) {
                throw root.error("expected a map of settings at the top of the file, found " + root.describe());
            }
            return map;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            throw new ConfigException(l == null ? new Location(fileName, 0, 0) : loc(fileName, l), "",
                    "not valid YAML: " + firstLine(msg));
        } catch (IOException e) {
            throw new ConfigException(new Location(fileName, 0, 0), "", "cannot be read: " + e.getMessage());
        }
    }

    private static ConfigNode readNode(JsonParser p, String file, String path) throws IOException, ConfigException {
        JsonToken t = p.currentToken();
        Location here = loc(file, p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, ConfigNode> entries = new LinkedHashMap<>();
                Map<String, Location> keyLocations = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Location keyLoc = loc(file, p.currentTokenLocation());
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    if (entries.containsKey(key)) {
                        throw new ConfigException(keyLoc, childPath, "duplicate key (first at line "
                                + keyLocations.get(key).line() + ")");
                    }
                    p.nextToken();
                    entries.put(key, readNode(p, file, childPath));
                    keyLocations.put(key, keyLoc);
                }
                return new ConfigMap(here, path, entries, keyLocations);
            }
            case START_ARRAY -> {
                List<ConfigNode> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readNode(p, file, path + "[" + i++ + "]"));
                }
                return new ConfigList(here, path, items);
            }
            case VALUE_STRING -> {
                return new ConfigScalar(here, path, ConfigScalar.Kind.STRING, p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return new ConfigScalar(here, path, ConfigScalar.Kind.INTEGER, p.getText());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new ConfigScalar(here, path, ConfigScalar.Kind.FLOAT, p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                // Keep the words as written: YAML 1.1 reads 'off', 'no', 'on', 'yes' as booleans, but a
                // word choice such as status: off must still see 'off'.
                return new ConfigScalar(here, path, ConfigScalar.Kind.BOOLEAN, p.getText());
            }
            case VALUE_NULL -> {
                return new ConfigScalar(here, path, ConfigScalar.Kind.NULL, "null");
            }
            default -> throw new ConfigException(here, path, "unsupported YAML construct (" + t + ")");
        }
    }

    private static Location loc(String file, JsonLocation l) {
        return new Location(file, l.getLineNr(), l.getColumnNr());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
