package io.afferent.mcap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deterministic random corruption (flipped bytes, sometimes also a cut): every reader either reads the
 * file or throws an IOException with a message (McapFormatException); never a runtime exception, an
 * out-of-memory error or a hang.
 */
class CorruptFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void corruptFilesGiveFormatErrorsNotCrashes(Compression compression) throws Exception {
        Path f = dir.resolve("good.mcap");
        SampleFiles.write(f, McapWriterOptions.builder().compression(compression).chunkSizeBytes(2048).build(), 120);
        byte[] good = Files.readAllBytes(f);
        Random rnd = new Random(42 + compression.ordinal());
        int formatErrors = 0;
        for (int round = 0; round < 400; round++) {
            byte[] bad = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = rnd.nextInt(bad.length);
                bad[at] = (byte) (rnd.nextInt(4) == 0 ? 0xFF : bad[at] ^ (1 << rnd.nextInt(8)));
            }
            if (rnd.nextInt(4) == 0) {
                bad = Arrays.copyOf(bad, 8 + rnd.nextInt(bad.length - 8));
            }
            Path c = dir.resolve("bad.mcap");
            Files.write(c, bad);
            Path out = dir.resolve("out.mcap");
            Files.deleteIfExists(out);
            try {
                McapReader.readAll(c);
            } catch (IOException e) {
                formatErrors++;
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            } catch (RuntimeException | Error e) {
                throw new AssertionError("round " + round + ": stream reader crashed", e);
            }
            try (McapIndexedReader r = McapReader.indexed(c)) {
                r.readMessages();
                r.readMetadata();
                r.readAttachments();
            } catch (IOException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            } catch (RuntimeException | Error e) {
                throw new AssertionError("round " + round + ": indexed reader crashed", e);
            }
            try {
                McapRepair.repair(c, out);
            } catch (IOException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            } catch (RuntimeException | Error e) {
                throw new AssertionError("round " + round + ": repair crashed", e);
            }
        }
        if (formatErrors == 0) {
            fail("no corruption was detected in 400 rounds");
        }
        System.out.println(compression + ": " + formatErrors + " of 400 corrupted files refused by the stream reader");
    }
}
