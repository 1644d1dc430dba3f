using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The learning-rate range test did not run; the search keeps its fixed range.</summary>
/// <param name="Reason">Why not.</param>
public sealed record LearningRateRangeTestSkipped(string Reason) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Calibrating;

    /// <inheritdoc/>
    public override string Describe() => $"learning-rate range test skipped: {Reason}";
}
