namespace AutoDL.Search;

/// <summary>One trial of a study: what was tried and what it measured. Stored as data, so a study can be reported and resumed.</summary>
/// <param name="Number">0-based trial number in the study.</param>
/// <param name="Params">Hyperparameters in their internal form (see <see cref="Distributions.ParameterDistribution"/>).</param>
/// <param name="State">Where the trial stands.</param>
public sealed record TrialRecord(int Number, IReadOnlyDictionary<string, double> Params, TrialState State)
{
    /// <summary>The validation metric after each step of resource (index 0 = step 1); today a step is one epoch, later it may be a share of the data or a resolution.</summary>
    public IReadOnlyList<double> Intermediate { get; init; } = [];

    /// <summary>The best validation metric, when any epoch finished.</summary>
    public double? Value { get; init; }

    /// <summary>The epoch that gave <see cref="Value"/>.</summary>
    public int BestEpoch { get; init; }

    /// <summary>Wall time of the trial, seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>Trainable parameters of its network.</summary>
    public long ParameterCount { get; init; }

    /// <summary>Why it ended, or the error that failed it.</summary>
    public string? Note { get; init; }

    /// <summary>When it started (UTC).</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>When it ended (UTC), if it has.</summary>
    public DateTimeOffset? EndedUtc { get; init; }

    /// <summary>The process that runs or ran it (see <see cref="WorkerIdentity"/>); how a resumed study tells a dead trial from a live one.</summary>
    public string? Worker { get; init; }

    /// <summary>The last time its worker said it was alive (UTC).</summary>
    public DateTimeOffset? HeartbeatUtc { get; init; }

    /// <summary>The trial this one repeats, when a trial whose process died is tried again.</summary>
    public int? RetryOf { get; init; }

    /// <summary>
    /// The memory its configuration was estimated to need to train, recorded before it started: a trial whose process
    /// was killed by the kernel for lack of memory leaves no error behind, only this.
    /// </summary>
    public long? MemoryBytes { get; init; }
}
