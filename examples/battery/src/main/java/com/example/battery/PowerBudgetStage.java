package com.example.battery;

import io.afferent.api.ConfigError;
import io.afferent.api.Counter;
import io.afferent.api.Output;
import io.afferent.api.Params;
import io.afferent.api.Stage;
import io.afferent.api.StageSetup;
import io.afferent.api.msg.Pose;

/**
 * Stage type {@code power-budget}: subscribes a battery topic and the fused {@code pose}, and publishes a
 * {@link RangeEstimate} on its {@code range} port after each battery reading. Runs on its own stage thread under the
 * profile's deadline; its latency per chain ({@code battery → power-budget}, {@code imu → fusion → power-budget})
 * is in the run's report like any stage's.
 */
public final class PowerBudgetStage implements Stage {
    private final PowerBudget budget;
    private final double capacityWh;
    private final double lowSocPct;
    private final Output<RangeEstimate> out;
    private final Counter lowWarnings;
    private boolean wasLow;

    private PowerBudgetStage(StageSetup setup) throws ConfigError {
        Params p = setup.params();
        this.capacityWh = p.number("capacity_wh", 74, 0.1, 100_000);
        this.lowSocPct = p.number("low_soc_pct", 20, 0, 100);
        this.budget = new PowerBudget(p.number("min_distance_m", 1.0, 0, 10_000));
        p.rejectUnknownKeys();
        this.out = setup.output("range", RangeEstimate.TYPE);
        this.lowWarnings = setup.counter("low_battery");
        for (String topic : setup.inputs()) {
            setup.subscribe(topic)
                    .on(BatteryState.TYPE, (b, in) -> onBattery(b, in.originNanos()))
                    .on(Pose.TYPE, (pose, in) -> budget.position(pose.xM, pose.yM));
        }
    }

    public static Stage create(StageSetup setup) throws ConfigError {
        return new PowerBudgetStage(setup);
    }

    private void onBattery(BatteryState b, long acquiredNanos) {
        budget.battery(acquiredNanos, b.packV, b.currentA, b.socPct);
        RangeEstimate r = out.claim();
        budget.estimate(capacityWh, lowSocPct, r);
        if (r.low && !wasLow) {
            lowWarnings.increment();
        }
        wasLow = r.low;
        out.publish();
    }

    @Override
    public void appendStatus(StringBuilder sb) {
        sb.append(" pack ").append(Math.round(budget.packV() * 10) / 10.0).append(" V");
    }
}
