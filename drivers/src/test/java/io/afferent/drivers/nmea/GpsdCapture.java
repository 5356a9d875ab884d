package io.afferent.drivers.nmea;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.afferent.api.msg.GpsFix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A gpsd regression capture ({@code NAME.log}) and gpsd's decoding of it ({@code NAME.log.chk}) from
 * {@code ../shared/testdata/gpsd-nmea}, used as an independent oracle. Test code: Strings are fine here.
 */
final class GpsdCapture {
    private static final Pattern LAT = Pattern.compile("\"lat\":(-?[0-9.]+)");
    private static final Pattern LON = Pattern.compile("\"lon\":(-?[0-9.]+)");
    private static final Pattern SENTENCE = Pattern.compile("^\\$([^*]*)\\*([0-9A-Fa-f]{2})$");

    final String name;
    final Path log;
    final Path chk;

    private GpsdCapture(Path log) {
        this.log = log;
        this.chk = log.resolveSibling(log.getFileName() + ".chk");
        this.name = log.getFileName().toString();
    }

    static Path dir() {
        String shared = System.getProperty("afferent.shared.dir");
        assertTrue(shared != null, "system property afferent.shared.dir is not set (surefire sets it in the root pom)");
        Path dir = Path.of(shared, "testdata", "gpsd-nmea");
        assertTrue(Files.isDirectory(dir), "missing test data " + dir.toAbsolutePath()
                + ": clone the repository with shared/ beside it (CI does)");
        return dir;
    }

    static List<GpsdCapture> all() {
        try (Stream<Path> s = Files.list(dir())) {
            List<GpsdCapture> out = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted()
                    .map(GpsdCapture::new).toList();
            assertTrue(out.size() >= 10, "expected the gpsd captures, found " + out.size());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** The capture's bytes without its '#' header lines: what the receiver sent. */
    byte[] streamBytes() {
        try {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            StringBuilder sb = new StringBuilder(text.length());
            for (String line : text.split("(?<=\n)")) {
                if (!line.startsWith("#")) {
                    sb.append(line);
                }
            }
            return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of the stream, CR/LF stripped. */
    List<String> lines() {
        String s = new String(streamBytes(), StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        for (String l : s.split("\r?\n|\r")) {
            out.add(l);
        }
        return out;
    }

    static boolean checksumOk(String line) {
        Matcher m = SENTENCE.matcher(line);
        if (!m.matches()) {
            return false;
        }
        return Nmea.checksum(m.group(1)).equalsIgnoreCase(m.group(2));
    }

    static boolean hasChecksumField(String line) {
        return SENTENCE.matcher(line).matches();
    }

    /** Position-bearing sentence types: gpsd's TPV after one of these carries its position. */
    static boolean positionSentence(String line) {
        return line.length() > 6 && line.startsWith("$") && List.of("GGA", "RMC", "GLL", "GNS").contains(line.substring(3, 6));
    }

    static boolean ggaOrRmc(String line) {
        return line.length() > 6 && line.startsWith("$") && !line.startsWith("$P")
                && (line.startsWith("GGA", 3) || line.startsWith("RMC", 3));
    }

    /** Valid-checksum GGA/RMC sentences of the stream in order: the sentences that must each produce a fix. */
    List<String> fixSentences() {
        return lines().stream().filter(l -> ggaOrRmc(l) && checksumOk(l) && l.length() <= NmeaParser.MAX_SENTENCE_BYTES).toList();
    }

    record Comparison(int compared, int skippedNoPosition, List<String> disagreements) {
    }

    /**
     * Walks gpsd's output: every TPV with lat/lon is compared with our fix of the last position-bearing
     * sentence before it, when that sentence is a GGA or RMC (gpsd's TPV after a GLL or GNS is skipped).
     * {@code ours.get(i)} must be the fix of {@code fixSentences().get(i)}.
     */
    Comparison compare(List<String> sentences, List<GpsFix> ours, double toleranceDeg) {
        List<String> chkLines;
        try {
            chkLines = Files.readAllLines(chk, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int next = 0;          // next of our fixes to match with an echoed sentence
        int lastFix = -1;      // our fix of the last position-bearing sentence, or -1 if that was not GGA/RMC
        int compared = 0, skipped = 0;
        List<String> bad = new ArrayList<>();
        for (String raw : chkLines) {
            String line = raw.strip();
            if (line.startsWith("$")) {
                if (!positionSentence(line) || !checksumOk(line)) {
                    continue;
                }
                lastFix = -1;
                if (ggaOrRmc(line)) {
                    for (int i = next; i < sentences.size(); i++) {
                        if (sentences.get(i).equals(line)) {
                            lastFix = i;
                            next = i + 1;
                            break;
                        }
                    }
                }
            } else if (line.contains("\"class\":\"TPV\"") && line.contains("\"lat\":") && lastFix >= 0) {
                GpsFix f = ours.get(lastFix);
                if (!f.has(GpsFix.POSITION)) {
                    skipped++;
                    continue;
                }
                Matcher la = LAT.matcher(line), lo = LON.matcher(line);
                if (!la.find() || !lo.find()) {
                    continue;
                }
                double lat = Double.parseDouble(la.group(1)), lon = Double.parseDouble(lo.group(1));
                compared++;
                if (Math.abs(lat - f.latitudeDeg) > toleranceDeg || Math.abs(lon - f.longitudeDeg) > toleranceDeg) {
                    bad.add(name + ": " + sentences.get(lastFix) + " -> ours " + f.latitudeDeg + "," + f.longitudeDeg
                            + " gpsd " + lat + "," + lon);
                }
            }
        }
        return new Comparison(compared, skipped, bad);
    }
}
