using System.Text.Json.Serialization;
using AutoDL.Training;

namespace AutoDL.Events;

/// <summary>The batch size the defaults train with, and the throughputs it was chosen from.</summary>
/// <param name="BatchSize">The chosen batch size.</param>
/// <param name="Measured">The best training throughput of each measured batch size; empty when only one could be used.</param>
/// <param name="Rounds">Measurements of each batch size.</param>
/// <param name="Choices">The batch sizes of the search space.</param>
/// <param name="MinStepsPerEpoch">The fewest steps an epoch must have.</param>
public sealed record BatchSizeChosen(int BatchSize, IReadOnlyList<BatchThroughput> Measured, int Rounds, IReadOnlyList<int> Choices, int MinStepsPerEpoch) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Calibrating;

    /// <inheritdoc/>
    public override string Describe() => Measured.Count > 0
        ? Text($"batch size {BatchSize} (training examples/s, best of {Rounds}: {string.Join(", ", Measured.Select(m => Text($"{m.BatchSize}: {m.ImagesPerSecond:N0}")))})")
        : Text($"batch size {BatchSize} (the only one of {string.Join(", ", Choices)} that leaves an epoch {MinStepsPerEpoch} steps and fits in memory)");
}
