using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>Whether mirrored inputs keep their labels, which decides whether the search may flip them.</summary>
/// <param name="KeepsLabels">True when mirroring is safe.</param>
public sealed record MirrorJudged(bool KeepsLabels) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Inspecting;

    /// <inheritdoc/>
    public override string Describe() => KeepsLabels
        ? "mirrored images keep their labels: the search may flip images left to right"
        : "mirrored images lose their labels (text, digits or shapes that face one way): flipping is left out of the search";
}
