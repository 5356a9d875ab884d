package io.afferent.stress;

import io.afferent.runtime.wait.StageWakeup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * No lost wake-up in {@link StageWakeup}: a producer publishes (an ordered store, as the Disruptor's
 * cursor) and then calls {@code wake()}; the consumer calls {@code announce()} and then checks for
 * work. If the producer saw no waiter, the consumer must see the work, or it would park with a sample
 * pending. r1 = producer saw the waiter, r2 = consumer saw the work.
 */
@JCStressTest
@Outcome(id = "false, false", expect = Expect.FORBIDDEN, desc = "lost wake-up: the consumer would park with work pending")
@Outcome(id = {"true, true", "true, false", "false, true"}, expect = Expect.ACCEPTABLE, desc = "woken, or sees the work")
@State
public class StageWakeupStress {
    private static final VarHandle CURSOR;

    static {
        try {
            CURSOR = MethodHandles.lookup().findVarHandle(StageWakeupStress.class, "cursor", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StageWakeup wakeup = new StageWakeup();
    @SuppressWarnings("unused") // through CURSOR
    private long cursor = -1;

    @Actor
    public void producer(ZZ_Result r) {
        CURSOR.setRelease(this, 0L); // the Disruptor publishes its cursor with a release store
        r.r1 = wakeup.wake();
    }

    @Actor
    public void consumer(ZZ_Result r) {
        wakeup.announce();
        r.r2 = (long) CURSOR.getAcquire(this) >= 0;
    }
}
