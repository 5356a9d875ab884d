package io.afferent.runtime.wait;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Lets one consumer thread block on several rings at once. Every input ring of a stage is created
 * with the stage's {@code StageWakeup} as its Disruptor {@link WaitStrategy}; the Disruptor calls
 * {@link #signalAllWhenBlocking()} after each publish, which unparks the consumer only if it is parked.
 *
 * <p>Correctness (no lost wake-up) is Dekker's: the producer publishes its cursor, fences, then reads
 * {@code waiter}; the consumer writes {@code waiter}, fences, then re-checks the cursors before parking.
 * At least one of them sees the other. The park is also bounded ({@link #MAX_PARK_NANOS}) so that a
 * stopping run is noticed.
 *
 * <p>Threads: {@link #signalAllWhenBlocking()} from any producer; {@link #await()} from the one consumer.
 */
public final class StageWakeup implements WaitStrategy {
    public static final long MAX_PARK_NANOS = 50_000_000L;

    /**
     * The wait strategy of a ring whose consumer never parks (it spins, yields or sleeps): publishing signals
     * nothing, so the producer pays no fence.
     */
    public static final WaitStrategy NO_SIGNAL = new WaitStrategy() {
        @Override
        public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier) {
            throw new UnsupportedOperationException("stage rings are consumed by pollers");
        }

        @Override
        public void signalAllWhenBlocking() {
        }
    };

    private volatile Thread waiter;
    private BooleanSupplier hasWork = () -> false;

    /** Consumer setup: how to tell, after announcing itself, whether there is something to do after all. */
    public void hasWork(BooleanSupplier check) {
        this.hasWork = check;
    }

    /** Consumer thread: parks until a producer publishes (or at most {@link #MAX_PARK_NANOS}). */
    public void await() {
        announce();
        if (!hasWork.getAsBoolean()) {
            LockSupport.parkNanos(this, MAX_PARK_NANOS);
        }
        waiter = null;
    }

    /**
     * Consumer half of the protocol: says "I am about to park", then fences. The consumer must check
     * for work after this and before parking. Public for the stress tests of this protocol.
     */
    public void announce() {
        waiter = Thread.currentThread();
        VarHandle.fullFence();
    }

    /**
     * Producer half of the protocol, after publishing: fences, then wakes the consumer if it announced
     * itself. Returns whether it saw a waiter. Public for the stress tests of this protocol.
     */
    public boolean wake() {
        VarHandle.fullFence();
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
            return true;
        }
        return false;
    }

    @Override
    public void signalAllWhenBlocking() {
        wake();
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException, TimeoutException {
        throw new UnsupportedOperationException("stage rings are consumed by pollers; use await()");
    }
}
