package io.afferent.sim.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random course that stays inside a field: straights, arcs and turns in place drawn from one
 * {@link SplittableRandom}; a candidate that would leave the field (less a margin) is redrawn, and after
 * a few failures the robot turns toward the centre instead. Same seed, same course.
 */
public final class RandomDrive {
    private RandomDrive() {
    }

    /**
     * @param durationS how much driving to generate (estimated from distances and speeds; the robot stands
     *                  still after the last segment)
     */
    public static List<Segment> generate(long seed, DriveLimits lim, Field field, double marginM, double speedMps,
                                         double durationS, double startE, double startN, double startH) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Segment> out = new ArrayList<>();
        double x = startE, y = startN, h = startH, t = 0;
        double size = Math.min(field.maxEastM() - field.minEastM(), field.maxNorthM() - field.minNorthM());
        while (t < durationS) {
            Segment chosen = null;
            double nx = x, ny = y, nh = h;
            for (int attempt = 0; attempt < 12 && chosen == null; attempt++) {
                double pick = rnd.nextDouble();
                double v = speedMps * (0.6 + 0.4 * rnd.nextDouble());
                if (pick < 0.45) {
                    double d = size * (0.1 + 0.4 * rnd.nextDouble());
                    double ex = x + d * Math.cos(h), ey = y + d * Math.sin(h);
                    if (field.contains(ex, ey, marginM)) {
                        chosen = new Segment.Straight(d, v);
                        nx = ex; ny = ey;
                    }
                } else if (pick < 0.85) {
                    double radius = Math.max(0.5, size * (0.05 + 0.2 * rnd.nextDouble()));
                    double angle = Math.toRadians(30 + 150 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
                    if (arcInside(field, marginM, x, y, h, radius, angle)) {
                        chosen = new Segment.Arc(radius, angle, v);
                        double k = Math.signum(angle) / radius;
                        double h1 = h + angle;
                        nx = x + (Math.sin(h1) - Math.sin(h)) / k;
                        ny = y - (Math.cos(h1) - Math.cos(h)) / k;
                        nh = h1;
                    }
                } else {
                    double angle = Math.toRadians(20 + 160 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
                    chosen = new Segment.Turn(angle);
                    nh = h + angle;
                }
            }
            if (chosen == null) {
                double toCentre = Math.atan2((field.minNorthM() + field.maxNorthM()) / 2 - y,
                        (field.minEastM() + field.maxEastM()) / 2 - x);
                double angle = Trajectory.wrap(toCentre - h);
                chosen = new Segment.Turn(angle);
                nh = h + angle;
            }
            out.add(chosen);
            t += estimateS(lim, chosen);
            if (rnd.nextDouble() < 0.08) {
                Segment.Wait w = new Segment.Wait(1 + 3 * rnd.nextDouble());
                out.add(w);
                t += w.seconds();
            }
            x = nx; y = ny; h = nh;
        }
        return out;
    }

    private static boolean arcInside(Field f, double margin, double x, double y, double h, double radius, double angle) {
        double k = Math.signum(angle) / radius;
        for (int i = 1; i <= 16; i++) {
            double h1 = h + angle * i / 16;
            double px = x + (Math.sin(h1) - Math.sin(h)) / k;
            double py = y - (Math.cos(h1) - Math.cos(h)) / k;
            if (!f.contains(px, py, margin)) {
                return false;
            }
        }
        return true;
    }

    private static double estimateS(DriveLimits lim, Segment s) {
        return switch (s) {
            case Segment.Straight st -> st.distanceM() / Math.min(st.speedMps(), lim.maxSpeedMps()) + 1;
            case Segment.Arc a -> a.radiusM() * Math.abs(a.angleRad()) / Math.min(a.speedMps(), lim.maxSpeedMps()) + 1;
            case Segment.Turn tn -> Math.abs(tn.angleRad()) / lim.maxTurnRateRadS() + 0.5;
            case Segment.Wait w -> w.seconds();
        };
    }
}
