package io.afferent.drivers.nmea;

import java.nio.charset.StandardCharsets;

/** Test helper: builds sentences with correct checksums. */
final class Nmea {
    private Nmea() {
    }

    static String checksum(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return String.format("%02X", sum);
    }

    /** "$" + body + "*hh\r\n". */
    static String sentence(String body) {
        return "$" + body + "*" + checksum(body) + "\r\n";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
