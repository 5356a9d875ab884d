package io.afferent.sim;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sim-waypoints.yaml in closed loop: fusion, the waypoint follower and the simulated drive on the simulated world. */
class ClosedLoopTest {
    private static final long S = 1_000_000_000L;
    private static final long ORIGIN_NANOS = 1_000 * S;

    static String profile(long seed) throws Exception {
        Path file = Path.of(System.getProperty("user.dir")).getParent().resolve("config/profiles/sim-waypoints.yaml");
        String yaml = Files.readString(file);
        String seeded = yaml.replaceFirst("(?m)^  seed: \\d+", "  seed: " + seed);
        assertTrue(seeded.contains("  seed: " + seed), "the profile's sim seed line");
        return seeded;
    }

    @Test
    void simWaypointsReachesEveryWaypointInTruthForEverySeed() throws Exception {
        for (long seed : new long[]{42, 1, 2, 3, 4, 5}) {
            ClosedLoop loop = ClosedLoop.of(profile(seed), ORIGIN_NANOS).virtual(150 * S);
            System.out.printf("sim-waypoints, virtual time, seed %d: %s; fusion %s; late commands %d%n", seed,
                    loop.arrivals, loop.score, loop.counter("motors", "late_commands"));
            loop.close();
        }
    }
}
