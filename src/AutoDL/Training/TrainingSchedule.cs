using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>
/// A run's learning-rate schedule (<see cref="LearningRateSchedule"/>), whose length may change while the run trains.
/// TorchSharp's schedulers are fixed at creation; a change of length builds a fresh one for the new length on the
/// same optimiser and steps it to where the run is, so the rate afterwards is the one a schedule of that length
/// would have had from the start (while warming up, a longer schedule's rate is a little lower than the old one's).
/// Written here because no scheduler on the feed can be lengthened; the shapes themselves remain TorchSharp's.
/// </summary>
internal sealed class TrainingSchedule : IDisposable
{
    /// <summary>The share of a one-cycle schedule spent warming up.</summary>
    private const double OneCycleWarmUp = 0.25;

    private readonly TrainingConfig _config;
    private readonly optim.Optimizer _optimizer;
    private optim.lr_scheduler.LRScheduler _scheduler;

    public TrainingSchedule(TrainingConfig config, optim.Optimizer optimizer, int totalSteps)
    {
        _config = config;
        _optimizer = optimizer;
        TotalSteps = Math.Max(1, totalSteps);
        _scheduler = Create(config, optimizer, TotalSteps);
    }

    /// <summary>Steps the schedule spans.</summary>
    public int TotalSteps { get; private set; }

    /// <summary>Steps taken so far.</summary>
    public int StepsTaken { get; private set; }

    /// <summary>Moves the schedule on by one optimiser step. Steps beyond its length keep its last rate.</summary>
    public void Step()
    {
        // PyTorch's one-cycle refuses steps beyond its length; a run cut to fewer steps than it had never takes them.
        if (StepsTaken < TotalSteps)
        {
            _scheduler.step();
        }
        StepsTaken++;
    }

    /// <summary>
    /// Makes the schedule span <paramref name="totalSteps"/> (at least one more than taken so far) from the start of the
    /// run; the rate and momentum become those of step <see cref="StepsTaken"/> of such a schedule.
    /// </summary>
    public void Resize(int totalSteps)
    {
        totalSteps = Math.Max(StepsTaken + 1, totalSteps);
        if (totalSteps == TotalSteps)
        {
            return;
        }
        (_scheduler as IDisposable)?.Dispose();
        // Cosine annealing starts from the groups' current rate: put back the configured one first.
        foreach (var group in _optimizer.ParamGroups)
        {
            group.LearningRate = _config.LearningRate;
            group.InitialLearningRate = _config.LearningRate;
        }
        TotalSteps = totalSteps;
        _scheduler = Create(_config, _optimizer, totalSteps);
        for (int step = 0; step < StepsTaken; step++)
        {
            _scheduler.step();
        }
    }

    public void Dispose() => (_scheduler as IDisposable)?.Dispose();

    private static optim.lr_scheduler.LRScheduler Create(TrainingConfig config, optim.Optimizer optimizer, int totalSteps)
    {
        // TorchSharp's one-cycle schedule divides by its warm-up steps less one: at 4 steps that is 0/0 and the first
        // learning rate is NaN (PyTorch refuses such a schedule). A run this short gets the cosine schedule instead.
        if (config.Schedule == LearningRateSchedule.OneCycle && totalSteps * OneCycleWarmUp < 2)
        {
            return optim.lr_scheduler.CosineAnnealingLR(optimizer, totalSteps);
        }
        return config.Schedule switch
        {
            // A short warm-up (a quarter) leaves most steps for annealing, which matters in short CPU budgets.
            LearningRateSchedule.OneCycle => optim.lr_scheduler.OneCycleLR(optimizer, config.LearningRate, total_steps: totalSteps, pct_start: OneCycleWarmUp, cycle_momentum: config.Optimizer == OptimizerKind.SgdNesterov),
            LearningRateSchedule.Cosine => optim.lr_scheduler.CosineAnnealingLR(optimizer, totalSteps),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Schedule, "Unknown schedule."),
        };
    }
}
