package io.afferent.deploy.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.AWTError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writes a chart as a PNG: drawn in memory first, so that a chart that cannot be drawn leaves no file.
 * On a headless Java runtime without the system's font libraries (Debian's {@code openjdk-*-jre-headless}
 * does not pull in {@code libharfbuzz0b} or fontconfig) drawing text fails inside AWT with a linkage or
 * font error: that becomes a {@link ChartsUnavailableException} naming the packages that fix it.
 */
public final class ChartFiles {
    /** The Debian / Raspberry Pi OS packages that AWT's text rendering needs on a headless runtime. */
    public static final String FONT_PACKAGES = "fontconfig libharfbuzz0b fonts-dejavu-core";

    /** Charts cannot be drawn on this Java runtime; the message says which packages fix it. */
    public static final class ChartsUnavailableException extends IOException {
        ChartsUnavailableException(Throwable cause) {
            super("this Java runtime cannot draw text (" + cause + "): install its font libraries, e.g. "
                    + "`sudo apt-get install " + FONT_PACKAGES + "`", cause);
        }
    }

    /** Test seam: how a chart becomes PNG bytes. */
    @FunctionalInterface
    interface Encoder {
        byte[] png(Chart<?, ?> chart) throws IOException;
    }

    static final Encoder XCHART = chart -> BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);

    private ChartFiles() {
    }

    /** Draws {@code chart} and writes it to {@code file}; nothing is written when drawing fails. */
    public static void save(Chart<?, ?> chart, Path file) throws IOException {
        save(() -> chart, file, XCHART);
    }

    /** Builds the chart (building may already load fonts), draws it and writes it; nothing is written on failure. */
    static void save(Supplier<? extends Chart<?, ?>> chart, Path file, Encoder encoder) throws IOException {
        System.setProperty("java.awt.headless", "true");
        byte[] png;
        try {
            png = encoder.png(chart.get());
        } catch (LinkageError | AWTError | InternalError e) {
            // UnsatisfiedLinkError (libfontmanager.so: libharfbuzz.so.0), NoClassDefFoundError on a later try
            // ("Could not initialize class sun.font..."), "Fontconfig head is null", "No fonts found".
            throw new ChartsUnavailableException(e);
        } catch (RuntimeException e) {
            if (fromFontStack(e)) {
                throw new ChartsUnavailableException(e);
            }
            throw e;
        }
        Files.write(file, png);
    }

    private static boolean fromFontStack(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (StackTraceElement f : t.getStackTrace()) {
                String c = f.getClassName();
                if (c.startsWith("sun.font.") || c.startsWith("sun.awt.") || c.equals("java.awt.Font")) {
                    return true;
                }
            }
        }
        return false;
    }
}
