package io.afferent.runtime.report;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DecimalTest {
    @Test
    void printsWhatStringFormatPrints() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            // Values that are not ties in binary: status figures (rates, metres, degrees, µs).
            double v = (r.nextDouble() - 0.3) * Math.pow(10, r.nextInt(7));
            int decimals = r.nextInt(4);
            String expected = String.format(Locale.US, "%." + decimals + "f", v);
            if (expected.equals("-0") || expected.matches("-0\\.0*")) {
                expected = expected.substring(1); // we print no sign on a value that rounds to zero
            }
            assertEquals(expected, Decimal.append(new StringBuilder(), v, decimals).toString(), v + " with " + decimals);
        }
    }

    @Test
    void edgeCases() {
        assertEquals("0.0", Decimal.append(new StringBuilder(), -0.01, 1).toString());
        assertEquals("1.00", Decimal.append(new StringBuilder(), 0.999999, 2).toString());
        assertEquals("-12.5", Decimal.append(new StringBuilder(), -12.46, 1).toString());
        assertEquals("NaN", Decimal.append(new StringBuilder(), Double.NaN, 1).toString());
        assertEquals("   42", Decimal.appendPadded(new StringBuilder(), 42, 5).toString());
        assertEquals("123456", Decimal.appendPadded(new StringBuilder(), 123456, 5).toString());
        assertEquals("   -7", Decimal.appendPadded(new StringBuilder(), -7, 5).toString());
        assertThrows(IllegalArgumentException.class, () -> Decimal.append(new StringBuilder(), 1, 5));
    }
}
