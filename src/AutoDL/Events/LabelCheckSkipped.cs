using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The check for likely label errors was asked for but could not run.</summary>
/// <param name="Reason">Why not.</param>
public sealed record LabelCheckSkipped(string Reason) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Inspecting;

    /// <inheritdoc/>
    public override string Describe() => $"label check skipped: {Reason}";
}
