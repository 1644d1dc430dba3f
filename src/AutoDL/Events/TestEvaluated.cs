using System.Text.Json.Serialization;

using AutoDL.Evaluation.Report;

namespace AutoDL.Events;

/// <summary>The final model's figures on the test split.</summary>
/// <param name="Count">Examples evaluated.</param>
/// <param name="Scores">The report's headline figures by name.</param>
public sealed record TestEvaluated(int Count, IReadOnlyDictionary<string, double> Scores) : FitEvent
{
    /// <summary>The report's tables, confusion matrix and calibration, for the run report and the dashboard; null in events of earlier versions.</summary>
    public ReportDetails? Details { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Finishing;

    /// <inheritdoc/>
    public override string Describe() => Text($"test: {string.Join(", ", Scores.Select(s => Text($"{Label(s.Key)} {s.Value:0.0000}")))} on {Count:N0} examples");
}
