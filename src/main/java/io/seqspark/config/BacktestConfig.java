package io.seqspark.config;

/** Reads the backtest section: a rolling-origin backtest of a forecaster after training. */
final class BacktestConfig {
    private BacktestConfig() {
    }

    static JobConfig.BacktestSpec read(ConfigReader r, String task) {
        int origins = r.intIn("backtest.origins", 0, 100_000);
        int step = r.intIn("backtest.step", 1, 1_000_000);
        Refit refit = r.choice("backtest.refit", Refit.class);
        if (origins > 0 && !TaskType.FORECAST.key().equals(task)) {
            r.error("backtest.origins", "applies to task = forecast only (found task = " + task + "); set it to 0");
        }
        return new JobConfig.BacktestSpec(origins, step, refit);
    }
}
