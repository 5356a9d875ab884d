package io.afferent.runtime.run;

import io.afferent.config.ErrorPolicy;
import io.afferent.config.Location;
import io.afferent.config.Overflow;
import io.afferent.config.SourceConfig;
import io.afferent.config.StageConfig;
import io.afferent.config.ThreadSettings;
import io.afferent.config.WaitName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PlacementTest {
    private static final ThreadSettings OTHER = ThreadSettings.DEFAULT;

    private static SourceConfig source(String name, String thread, ThreadSettings rt) {
        return new SourceConfig(name, "sim-imu", new Location("t.yaml", 1, 1), 100, 1024, Overflow.DROP, thread,
                !thread.equals(name), WaitName.SLEEP, ErrorPolicy.RESTART, 1, 2, rt, null, 0);
    }

    private static StageConfig stage(String name, ThreadSettings rt, String... inputs) {
        return new StageConfig(name, "fusion", new Location("t.yaml", 1, 1), List.of(inputs), 200, WaitName.BLOCK,
                ErrorPolicy.STOP, rt, null);
    }

    @Test
    void aStageAndTheReadersThatFeedItShareTheHighestCpu() {
        Placement.Pins pins = Placement.colocate(List.of(stage("fusion", OTHER, "imu", "wheels", "gps")),
                List.of(source("imu", "imu", OTHER), source("wheels", "slow", OTHER), source("gps", "slow", OTHER)),
                List.of(0, 1, 2, 3));
        assertEquals(Map.of("fusion", List.of(3)), pins.stages());
        assertEquals(Map.of("imu", List.of(3), "slow", List.of(3)), pins.readerThreads());
    }

    @Test
    void eachStageTakesTheNextCpuDownAndWrapsAround() {
        Placement.Pins pins = Placement.colocate(
                List.of(stage("a", OTHER, "x"), stage("b", OTHER, "y"), stage("c", OTHER, "z")),
                List.of(source("x", "x", OTHER), source("y", "y", OTHER), source("z", "z", OTHER)), List.of(4, 6));
        assertEquals(Map.of("a", List.of(6), "b", List.of(4), "c", List.of(6)), pins.stages());
        assertEquals(Map.of("x", List.of(6), "y", List.of(4), "z", List.of(6)), pins.readerThreads());
    }

    @Test
    void explicitCpusWinAndPinnedReadersDrawTheirStage() {
        ThreadSettings fifoOn1 = new ThreadSettings("SCHED_FIFO", 80, 0, List.of(1), 1, 0);
        ThreadSettings on0 = OTHER.withCpus(List.of(0));
        // A stage pinned by its profile keeps its CPUs; its unpinned reader joins it; the pinned one stays.
        Placement.Pins pinned = Placement.colocate(List.of(stage("fusion", on0, "imu", "gps")),
                List.of(source("imu", "imu", fifoOn1), source("gps", "slow", OTHER)), List.of(0, 1));
        assertEquals(Map.of(), pinned.stages());
        assertEquals(Map.of("slow", List.of(0)), pinned.readerThreads());
        // An unpinned stage goes where its first pinned reader is.
        Placement.Pins follows = Placement.colocate(List.of(stage("fusion", OTHER, "gps", "imu")),
                List.of(source("imu", "imu", fifoOn1), source("gps", "slow", OTHER)), List.of(0, 1));
        assertEquals(Map.of("fusion", List.of(1)), follows.stages());
        assertEquals(Map.of("slow", List.of(1)), follows.readerThreads());
        assertFalse(follows.readerThreads().containsKey("imu"));
    }

    @Test
    void readersJoinTheirStageOnlyUpToTheSharedRate() {
        List<SourceConfig> sources = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) { // 8 readers of 1 kHz each: 5 fit under 5,000 samples/s
            sources.add(source("s" + i, "s" + i, OTHER));
            names.add("s" + i);
        }
        Placement.Pins pins = Placement.colocate(List.of(stage("fan", OTHER, names.toArray(String[]::new))),
                sources.stream().map(s -> new SourceConfig(s.name(), s.type(), s.location(), 1000, 1024, Overflow.DROP,
                        s.thread(), false, WaitName.SLEEP, ErrorPolicy.RESTART, 1, 2, OTHER, null, 0)).toList(),
                List.of(0, 1));
        assertEquals(Map.of("fan", List.of(1)), pins.stages());
        assertEquals(Map.of("s0", List.of(1), "s1", List.of(1), "s2", List.of(1), "s3", List.of(1), "s4", List.of(1)),
                pins.readerThreads());
    }

    @Test
    void withoutKnownCpusNothingMoves() {
        assertEquals(Placement.Pins.NONE, Placement.colocate(List.of(stage("s", OTHER, "x")),
                List.of(source("x", "x", OTHER)), List.of()));
    }
}
