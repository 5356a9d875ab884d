package io.afferent.fusion;

import io.afferent.api.FieldInfo;
import io.afferent.api.msg.Pose;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoseWriterTest {
    @Test
    void copiesEveryFieldOfAPose() throws Exception {
        Pose a = new Pose();
        int k = 1;
        for (Field f : Pose.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            if (f.getType() == double.class) f.setDouble(a, 0.5 + k++);
            else if (f.getType() == long.class) f.setLong(a, 1000L + k++);
            else if (f.getType() == int.class) f.setInt(a, 100 + k++);
            else throw new AssertionError("a field of a type this test does not fill: " + f);
        }
        Pose b = new Pose();
        PoseWriter.copy(a, b);
        assertTrue(Pose.TYPE.sameBits(a, b));
        for (FieldInfo f : Pose.TYPE.fields()) {
            assertEquals(f.getDouble(a), f.getDouble(b), f.path());
        }
        assertEquals(19, Pose.TYPE.fields().size(), "a new field of Pose must be added to PoseWriter.copy");
    }
}
