package io.afferent.fusion;

import io.afferent.api.Counter;

/**
 * Whether the processor is over its deadline budget, hence under its {@link OverrunPolicy}: entered when one
 * call takes longer than the budget, left after {@code recover_calls} consecutive calls within it. Single
 * thread: the stage thread.
 */
final class OverrunGuard {
    private final OverrunPolicy policy;
    private final long budgetNanos;
    private final int recoverCalls;
    private final Counter entries;
    private boolean over;
    private int callsWithinBudget;

    OverrunGuard(FusionParams f, Counter entries) {
        this.policy = f.overrun;
        this.budgetNanos = f.budgetNanos;
        this.recoverCalls = f.recoverCalls;
        this.entries = entries;
    }

    /** After each call, with the time it took. */
    void afterCall(long totalNanos) {
        if (totalNanos > budgetNanos) {
            if (!over) entries.increment();
            over = true;
            callsWithinBudget = 0;
        } else if (over && ++callsWithinBudget >= recoverCalls) {
            over = false;
        }
    }

    boolean over() {
        return over;
    }

    /** Over budget with a policy that does less work ({@code skip} or {@code degrade}). */
    boolean degrading() {
        return over && policy != OverrunPolicy.ALARM;
    }

    /** Over budget under {@code skip}. */
    boolean skipping() {
        return over && policy == OverrunPolicy.SKIP;
    }

    void reset() {
        over = false;
    }
}
