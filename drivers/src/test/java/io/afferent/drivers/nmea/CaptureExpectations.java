package io.afferent.drivers.nmea;

import java.util.ArrayList;
import java.util.List;

/** What a capture must produce, counted from its lines independently of the parser. */
record CaptureExpectations(long validSentences, long badChecksums, long fixSentences) {

    static CaptureExpectations of(GpsdCapture c) {
        long valid = 0, bad = 0;
        for (String l : c.lines()) {
            if (!GpsdCapture.hasChecksumField(l) || l.length() > NmeaParser.MAX_SENTENCE_BYTES) {
                continue;
            }
            if (GpsdCapture.checksumOk(l)) {
                valid++;
            } else {
                bad++;
            }
        }
        return new CaptureExpectations(valid, bad, c.fixSentences().size());
    }

    /** Problems, empty when the parser's counts match: all valid sentences accepted, no bad one. */
    List<String> check(String name, NmeaParser p, int fixes) {
        List<String> problems = new ArrayList<>();
        if (p.decodedCount() + p.unknownCount() != validSentences) {
            problems.add(name + ": accepted " + p.decodedCount() + " + unknown " + p.unknownCount()
                    + " != valid sentences " + validSentences + " (rejects: " + rejects(p) + ")");
        }
        if (p.rejectCount(NmeaReject.BAD_CHECKSUM) != badChecksums) {
            problems.add(name + ": bad_checksum " + p.rejectCount(NmeaReject.BAD_CHECKSUM) + " != " + badChecksums);
        }
        if (p.rejectCount(NmeaReject.MISSING_FIELD) + p.rejectCount(NmeaReject.MALFORMED_FIELD) != 0) {
            problems.add(name + ": valid sentences rejected: " + rejects(p));
        }
        if (fixes != fixSentences) {
            problems.add(name + ": fixes " + fixes + " != GGA/RMC sentences " + fixSentences);
        }
        return problems;
    }

    static String rejects(NmeaParser p) {
        StringBuilder sb = new StringBuilder();
        for (NmeaReject r : NmeaReject.values()) {
            if (p.rejectCount(r) > 0) {
                sb.append(r.reason).append('=').append(p.rejectCount(r)).append(' ');
            }
        }
        return sb.toString().trim();
    }
}
