using System.Globalization;
using AutoDL.Search;

namespace AutoDL.Pipeline;

/// <summary>
/// Rejects a proposed configuration before it trains when it cannot fit or is not wanted: its estimated
/// training memory is beyond what this machine can give, or at least that of an earlier trial that ran
/// out of memory, or its network breaks a parameter or multiply-add limit. Every figure is counted
/// analytically by the task (<see cref="IConfigurationCosts"/>), so checking costs no allocation and no random
/// numbers. <see cref="Check"/> has the shape of <see cref="Study.Constraint"/>.
/// </summary>
internal sealed class TrialConstraints
{
    /// <summary>
    /// The share of <see cref="AvailableMemoryBytes"/> a trial may be estimated to need. The rest is for the
    /// dataset, the runtime and the system, and for the estimate's error: it is below the measured peak by up
    /// to ~20 % for the smallest networks (bench/results/memory-estimate.md).
    /// </summary>
    public const double MemoryShare = 0.7;

    /// <summary>
    /// A trial that died with its process having been estimated to need at least this share of
    /// <see cref="AvailableMemoryBytes"/> is taken to have been killed for lack of memory: the kernel's out-of-memory
    /// killer leaves no error to read, and a trial this large is its likeliest victim. A smaller one is taken to
    /// have died of something else (a kill, a crash) unless it dies again when retried.
    /// </summary>
    public const double PresumedOutOfMemoryShare = 0.5;

    private readonly IConfigurationCosts _costs;

    /// <summary>Constraints on configurations whose costs <paramref name="costs"/> counts.</summary>
    /// <param name="costs">The task's analytic cost of a configuration.</param>
    /// <param name="availableMemoryBytes">
    /// Memory this process may use; by default what the runtime reports as available to it (physical memory,
    /// or the container's limit), which is what a trial competes for.
    /// </param>
    public TrialConstraints(IConfigurationCosts costs, long? availableMemoryBytes = null)
    {
        ArgumentNullException.ThrowIfNull(costs);
        if (availableMemoryBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(availableMemoryBytes), availableMemoryBytes, "Available memory must be positive.");
        }
        _costs = costs;
        AvailableMemoryBytes = availableMemoryBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>Memory the trials share; a configuration may be estimated to need <see cref="MemoryShare"/> of it.</summary>
    public long AvailableMemoryBytes { get; }

    /// <summary>The most trainable parameters a network may have (for a deployment target), or null for no limit.</summary>
    public long? MaxParameters { get; init; }

    /// <summary>The most forward multiply-adds per image a network may need (an inference-cost budget), or null for no limit.</summary>
    public long? MaxMultiplyAdds { get; init; }

    /// <summary>Why the configuration <paramref name="parameters"/> should not be trained, or null when it may be.</summary>
    /// <param name="parameters">A point of the task's search space.</param>
    /// <param name="history">The study's trials so far; those that ran out of memory bound what may be tried next.</param>
    public string? Check(IReadOnlyDictionary<string, double> parameters, IReadOnlyList<TrialRecord> history)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(history);
        if (MaxParameters is { } maxParameters && _costs.Parameters(parameters) is var count && count > maxParameters)
        {
            return Format($"has {count:N0} parameters, more than the limit of {maxParameters:N0}");
        }
        if (MaxMultiplyAdds is { } maxMultiplyAdds && _costs.MultiplyAdds(parameters) is var macs && macs > maxMultiplyAdds)
        {
            return Format($"needs {macs / 1e6:0.#} M multiply-adds per example, more than the limit of {maxMultiplyAdds / 1e6:0.#} M");
        }
        long memory = _costs.TrainingMemoryBytes(parameters);
        if (memory > MemoryShare * AvailableMemoryBytes)
        {
            return Format($"needs ~{Bytes(memory)} to train, more than {MemoryShare * 100:0}% of the {Bytes(AvailableMemoryBytes)} this process may use");
        }
        // A configuration that needs at least as much as one that already failed would fail too: skip it
        // rather than spend a trial's start-up (or, when the kernel kills the process, the whole run) learning that again.
        var smallestFailure = history
            .Select(trial => (trial.Number, Bytes: trial.MemoryBytes ?? _costs.TrainingMemoryBytes(trial.Params), How: HowItRanOutOfMemory(trial, history)))
            .Where(failure => failure.How is not null)
            .OrderBy(failure => failure.Bytes)
            .FirstOrDefault();
        if (smallestFailure.Bytes > 0 && memory >= smallestFailure.Bytes)
        {
            return Format($"needs ~{Bytes(memory)} to train, at least the ~{Bytes(smallestFailure.Bytes)} of trial {smallestFailure.Number}, which {smallestFailure.How}");
        }
        return null;
    }

    /// <summary>How a trial ran out of memory, said or presumed; null when it did not.</summary>
    private string? HowItRanOutOfMemory(TrialRecord trial, IReadOnlyList<TrialRecord> history)
    {
        if (TrialFailure.IsOutOfMemory(trial))
        {
            return "ran out of memory";
        }
        if (!TrialFailure.DiedWithItsProcess(trial))
        {
            return null;
        }
        if (trial.MemoryBytes >= PresumedOutOfMemoryShare * AvailableMemoryBytes)
        {
            return Format($"died with its process needing more than {PresumedOutOfMemoryShare * 100:0}% of the memory (presumed out of memory)");
        }
        bool original = trial.RetryOf is int first && history.FirstOrDefault(t => t.Number == first) is { } tried && TrialFailure.DiedWithItsProcess(tried);
        return original ? "died with its process twice, the second time when retried (presumed out of memory)" : null;
    }

    /// <summary>"9.1 GiB", or "420 MiB" below a gibibyte, where tenths of a GiB would hide the difference.</summary>
    private static string Bytes(long bytes) => bytes >= 1L << 30
        ? Format($"{bytes / (double)(1L << 30):0.0} GiB")
        : Format($"{bytes / (double)(1L << 20):0} MiB");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
