package io.afferent.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The negative control of {@link StageWakeupStress}: the same protocol with release/acquire accesses
 * and no full fences. A store followed by a load of another variable may be reordered (even on x86,
 * through the store buffer), so the lost wake-up "false, false" can happen here. Seeing it shows that
 * the harness can catch the bug the fences in StageWakeup prevent.
 */
@JCStressTest
@Outcome(id = "false, false", expect = Expect.ACCEPTABLE_INTERESTING, desc = "lost wake-up without the fences")
@Outcome(id = {"true, true", "true, false", "false, true"}, expect = Expect.ACCEPTABLE, desc = "woken, or sees the work")
@State
public class WakeupWithoutFencesStress {
    private static final VarHandle CURSOR;
    private static final VarHandle WAITER;

    static {
        try {
            CURSOR = MethodHandles.lookup().findVarHandle(WakeupWithoutFencesStress.class, "cursor", long.class);
            WAITER = MethodHandles.lookup().findVarHandle(WakeupWithoutFencesStress.class, "waiter", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through CURSOR
    private long cursor = -1;
    @SuppressWarnings("unused") // through WAITER
    private Thread waiter;

    @Actor
    public void producer(ZZ_Result r) {
        CURSOR.setRelease(this, 0L);
        r.r1 = WAITER.getAcquire(this) != null;
    }

    @Actor
    public void consumer(ZZ_Result r) {
        WAITER.setRelease(this, Thread.currentThread());
        r.r2 = (long) CURSOR.getAcquire(this) >= 0;
    }
}
