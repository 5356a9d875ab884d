package io.afferent.apitest;

import io.afferent.api.FieldInfo;
import io.afferent.api.FieldKind;
import io.afferent.api.MessageType;
import io.afferent.api.Unit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message types described by reflection, as a user's classes are: from a package other than the API's, so that
 * only what is public counts.
 */
public class MessageTypeTest {
    /** Fields every message of the family has: they come first. */
    public static class Header {
        public long stamp;
    }

    public static final class Cell {
        @Unit("V") public double voltageV;
        public boolean balancing;
    }

    public static final class Pack extends Header {
        public static final int CONSTANT = 3; // static: not a field of the message
        public byte id;
        public short flags;
        @Unit("degC") public float temperatureC = 20f;
        public int count = 7;
        @Unit("V") public final double[] cellV = {3.7, 3.7, 3.7, 3.7};
        public final long[] counters = new long[2];
        public final Cell worst = new Cell();
    }

    private static final MessageType<Pack> PACK = MessageType.of("pack", Pack.class);

    @Test
    void describesEveryLeafFieldInOrderWithKindsLengthsAndUnits() {
        List<String> described = PACK.fields().stream().map(FieldInfo::toString).toList();
        assertEquals(List.of("stamp:long", "id:byte", "flags:short", "temperatureC:float (degC)", "count:int",
                "cellV:double[4] (V)", "counters:long[2]", "worst.voltageV:double (V)", "worst.balancing:boolean"),
                described);
        FieldInfo cells = PACK.field("cellV");
        assertTrue(cells.isArray());
        assertEquals(4, cells.arrayLength());
        assertEquals(FieldKind.DOUBLE, cells.kind());
        assertEquals("V", cells.unit());
        FieldInfo count = PACK.field("count");
        assertFalse(count.isArray());
        assertEquals(-1, count.arrayLength());
        assertEquals("", count.unit());
        assertNull(PACK.field("nope"));
        assertNull(PACK.field("worst"), "a nested part is not a leaf");
        assertEquals("pack", PACK.name());
        assertEquals(Pack.class, PACK.javaClass());
    }

    @Test
    void readsFieldsThroughTypedGettersIncludingNestedPartsAndArrays() {
        Pack p = PACK.create();
        p.stamp = 123_456_789_012L;
        p.id = -5;
        p.flags = 300;
        p.count = 42;
        p.cellV[2] = 3.25;
        p.counters[1] = 9;
        p.worst.voltageV = 3.1;
        p.worst.balancing = true;
        assertEquals(123_456_789_012L, PACK.field("stamp").getLong(p));
        assertEquals(-5, PACK.field("id").getLong(p));
        assertEquals(300.0, PACK.field("flags").getDouble(p));
        assertEquals(20.0, PACK.field("temperatureC").getDouble(p));
        assertEquals(42, PACK.field("count").getLong(p));
        assertEquals(3.25, PACK.field("cellV").getDouble(p, 2));
        assertEquals(3, PACK.field("cellV").getLong(p, 2));
        assertEquals(9, PACK.field("counters").getLong(p, 1));
        assertEquals(9.0, PACK.field("counters").getDouble(p, 1));
        assertEquals(3.1, PACK.field("worst.voltageV").getDouble(p));
        assertTrue(PACK.field("worst.balancing").getBoolean(p));
        assertEquals(1, PACK.field("worst.balancing").getLong(p));
        assertTrue(PACK.field("count").getBoolean(p), "non-zero is true");
        assertTrue(PACK.field("cellV").array(p) == p.cellV, "the array itself, for bulk reads");
    }

    @Test
    void copyCopiesEveryFieldAndArrayContentsWithoutSharingThem() {
        Pack a = PACK.create();
        a.stamp = 1;
        a.id = 2;
        a.flags = 3;
        a.temperatureC = 4.5f;
        a.count = 5;
        a.cellV[0] = 6;
        a.counters[0] = 7;
        a.worst.voltageV = 8;
        a.worst.balancing = true;
        Pack b = PACK.create();
        PACK.copy(a, b);
        assertTrue(PACK.sameBits(a, b));
        assertEquals(2, b.id);
        assertEquals(4.5f, b.temperatureC);
        assertEquals(8, b.worst.voltageV);
        assertTrue(b.worst.balancing);
        assertArrayEquals(new double[]{6, 3.7, 3.7, 3.7}, b.cellV);
        assertNotSame(a.cellV, b.cellV);
        assertNotSame(a.worst, b.worst);
        a.cellV[0] = 99;
        a.worst.voltageV = 99;
        assertEquals(6, b.cellV[0], "the copy holds its own values");
        assertEquals(8, b.worst.voltageV);
        assertFalse(PACK.sameBits(a, b));
    }

    @Test
    void clearRestoresTheStateTheConstructorLeaves() {
        Pack p = PACK.create();
        double[] cells = p.cellV;
        p.stamp = 1;
        p.temperatureC = 99;
        p.count = 0;
        p.cellV[3] = 0;
        p.counters[0] = 5;
        p.worst.balancing = true;
        PACK.clear(p);
        assertTrue(PACK.sameBits(p, new Pack()));
        assertEquals(20f, p.temperatureC);
        assertEquals(7, p.count);
        assertArrayEquals(new double[]{3.7, 3.7, 3.7, 3.7}, p.cellV);
        assertTrue(p.cellV == cells, "cleared in place: the array is the same object");
        assertFalse(p.worst.balancing);
    }

    @Test
    void sameBitsComparesBitsSoNanEqualsNanAndZeroSignsDiffer() {
        Pack a = PACK.create();
        Pack b = PACK.create();
        a.worst.voltageV = Double.NaN;
        b.worst.voltageV = Double.NaN;
        assertTrue(PACK.sameBits(a, b));
        a.worst.voltageV = 0.0;
        b.worst.voltageV = -0.0;
        assertFalse(PACK.sameBits(a, b));
        b.worst.voltageV = 0.0;
        b.counters[1] = 1;
        assertFalse(PACK.sameBits(a, b), "an array element differs");
    }

    @Test
    void copyClearAndSameBitsAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Pack a = PACK.create();
        Pack b = PACK.create();
        long checks = 0;
        for (int i = 0; i < 200_000; i++) { // warm-up: the JIT
            a.count = i;
            PACK.copy(a, b);
            checks += PACK.sameBits(a, b) ? 1 : 0;
            PACK.clear(b);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            a.count = i;
            PACK.copy(a, b);
            checks += PACK.sameBits(a, b) ? 1 : 0;
            PACK.clear(b);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(300_000, checks);
        assertTrue(allocated < n, allocated + " bytes allocated by " + n + " copy/sameBits/clear rounds");
    }

    // ---- the rules, each with its message ----

    public static final class WithString {
        public String label;
    }

    public static final class WithBoxed {
        public Integer count;
    }

    public enum Mode { A, B }

    public static final class WithEnum {
        public Mode mode;
    }

    public static final class WithList {
        public List<Double> values;
    }

    public static final class WithLooseArray {
        public double[] values = new double[3];
    }

    public static final class WithNullArray {
        public final double[] values = null;
    }

    public static final class WithMatrix {
        public final double[][] m = new double[2][2];
    }

    public static final class WithPrivate {
        public int shown;
        private int hidden;

        public int hidden() {
            return hidden;
        }
    }

    public static final class WithFinalPrimitive {
        public final int fixed = 1;
    }

    public static final class WithLoosePart {
        public Cell cell = new Cell();
    }

    public static final class WithNullPart {
        public final Cell cell = null;
    }

    public static final class WithBadPart {
        public final WithString part = new WithString();
    }

    public static final class NoConstructor {
        public int x;

        public NoConstructor(int x) {
            this.x = x;
        }
    }

    public static final class NoFields {
        public static int counter;
    }

    static final class NotPublic {
        public int x;
    }

    static final class NotPublicButConstructible {
        public int x;

        public NotPublicButConstructible() {
        }
    }

    public static final class WithHiddenPart {
        public final NotPublic part = new NotPublic();
    }

    private static String error(Class<?> c) {
        return assertThrows(IllegalArgumentException.class, () -> MessageType.of("t", c)).getMessage();
    }

    private static String name(Class<?> c) {
        return c.getName();
    }

    @Test
    void aStringFieldIsRefusedBecauseItWouldAllocate() {
        assertEquals("field label of " + name(WithString.class) + " has type String: a message holds primitives,"
                + " final primitive arrays and final nested parts only (no String, boxed value, enum or collection:"
                + " they allocate per message)", error(WithString.class));
    }

    @Test
    void boxedEnumCollectionAndMatrixFieldsAreRefused() {
        assertTrue(error(WithBoxed.class).startsWith("field count of " + name(WithBoxed.class) + " has type Integer: "),
                error(WithBoxed.class));
        assertTrue(error(WithEnum.class).startsWith("field mode of " + name(WithEnum.class) + " has type Mode: "),
                error(WithEnum.class));
        assertTrue(error(WithList.class).startsWith("field values of " + name(WithList.class) + " has type List: "),
                error(WithList.class));
        assertTrue(error(WithMatrix.class).startsWith("field m of " + name(WithMatrix.class) + " has type double[][]: "),
                error(WithMatrix.class));
    }

    @Test
    void anArrayMustBeFinalAndAllocatedByTheConstructor() {
        assertEquals("array field values of " + name(WithLooseArray.class) + " must be final (fixed length)",
                error(WithLooseArray.class));
        assertEquals("array field values of " + name(WithNullArray.class) + " must be allocated by the constructor",
                error(WithNullArray.class));
    }

    @Test
    void everyFieldMustBePublic() {
        assertEquals("field " + name(WithPrivate.class) + ".hidden must be public (every field of a message is carried,"
                + " copied and recorded)", error(WithPrivate.class));
    }

    @Test
    void aPrimitiveFieldMustNotBeFinal() {
        assertEquals("field fixed of " + name(WithFinalPrimitive.class) + " is final; a message is filled in place",
                error(WithFinalPrimitive.class));
    }

    @Test
    void aNestedPartMustBeFinalAllocatedAndFollowTheRules() {
        assertEquals("nested part cell of " + name(WithLoosePart.class) + " must be final", error(WithLoosePart.class));
        assertEquals("nested part cell of " + name(WithNullPart.class) + " must be allocated by the constructor",
                error(WithNullPart.class));
        assertTrue(error(WithBadPart.class).startsWith("field part.label of " + name(WithString.class)
                + " has type String"), "the path names the part: " + error(WithBadPart.class));
    }

    @Test
    void aMessageNeedsAPublicNoArgumentConstructorAndPublicFields() {
        assertEquals("message type t: " + name(NoConstructor.class) + " needs a public no-argument constructor",
                error(NoConstructor.class));
        assertEquals("message type t: " + name(NoFields.class) + " has no public fields", error(NoFields.class));
    }

    @Test
    void aMessageClassMustBePublic() {
        assertEquals("message type t: " + name(NotPublic.class) + " must be public", error(NotPublic.class));
        assertEquals("message type t: " + name(NotPublicButConstructible.class) + " must be public",
                error(NotPublicButConstructible.class));
        assertEquals(name(NotPublic.class) + " must be public", error(WithHiddenPart.class), "a nested part's class too");
    }

    @Test
    void theTypeNameIsLowerCaseWithDigitsDashUnderscoreAndSlash() {
        assertEquals("pose/v2_a-b", MessageType.of("pose/v2_a-b", Cell.class).name());
        String e = assertThrows(IllegalArgumentException.class, () -> MessageType.of("Battery", Cell.class)).getMessage();
        assertEquals("message type name 'Battery' must match [a-z][a-z0-9_/-]*", e);
        assertThrows(IllegalArgumentException.class, () -> MessageType.of("2d", Cell.class));
        assertThrows(IllegalArgumentException.class, () -> MessageType.of(null, Cell.class));
        assertThrows(NullPointerException.class, () -> MessageType.of("x", null));
    }
}
