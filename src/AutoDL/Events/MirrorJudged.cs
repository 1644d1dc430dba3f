using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>Whether mirrored inputs keep their labels, which decides whether training may flip them (a classifier's search, a detector's augmentation).</summary>
/// <param name="KeepsLabels">True when mirroring is safe.</param>
public sealed record MirrorJudged(bool KeepsLabels) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Inspecting;

    /// <inheritdoc/>
    public override string Describe() => KeepsLabels
        ? "mirrored images keep their labels: training may flip images left to right"
        : "mirrored images lose their labels (text, digits or shapes that face one way): training never flips them";
}
