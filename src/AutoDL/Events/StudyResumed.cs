using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>A study an earlier run left in the output folder is continued.</summary>
/// <param name="Trials">Trials it holds.</param>
/// <param name="Complete">Of those, complete.</param>
/// <param name="Pruned">Pruned.</param>
/// <param name="Failed">Failed.</param>
/// <param name="LeftRunning">Left running by a run that stopped.</param>
/// <param name="Metric">The metric it selects on.</param>
/// <param name="Best">The best validation value of the package it left, if any.</param>
public sealed record StudyResumed(int Trials, int Complete, int Pruned, int Failed, int LeftRunning, string Metric, double? Best) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Resuming;

    /// <inheritdoc/>
    public override string Describe() => Text($"resuming the study: {Trials} trials so far ({Complete} complete, {Pruned} pruned, {Failed} failed, {LeftRunning} left running){(Best is { } b ? Text($", best validation {Label(Metric)} {b:0.0000}") : "")}");
}
