package io.afferent.runtime.rt;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuListTest {
    @Test
    void parsesRangesAndSinglesSortedWithoutDuplicates() {
        assertEquals(List.of(0, 1, 2, 5), CpuList.parse("5,0-2,1"));
        assertEquals(List.of(), CpuList.parse(" "));
        assertEquals(List.of(3), CpuList.parse("3\n"));
    }

    @Test
    void formatsAsCompactRanges() {
        assertEquals("0-2,5", CpuList.format(List.of(5, 2, 1, 0)));
        assertEquals("1", CpuList.format(List.of(1)));
        assertEquals("", CpuList.format(List.of()));
    }

    @Test
    void rejectsGarbageAndOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("a-b"));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("3-1"));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("1024"));
    }
}
