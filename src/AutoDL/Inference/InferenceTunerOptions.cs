namespace AutoDL.Inference;

/// <summary>What <see cref="InferenceTuner.Tune"/> tries.</summary>
public sealed record InferenceTunerOptions
{
    /// <summary>Batch sizes to time; 1 is always included because it gives the latency.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 8, 32, 64];

    /// <summary>Thread counts to try; by default one, half and all of the cores this process may use.</summary>
    public IReadOnlyList<int>? Threads { get; init; }

    /// <summary>Wall time spent timing each configuration after its warm-up; longer gives steadier percentiles.</summary>
    public TimeSpan TimePerMeasurement { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>At least this many calls per configuration, however slow, so that a 95th percentile means something.</summary>
    public int MinCalls { get; init; } = 20;
}
