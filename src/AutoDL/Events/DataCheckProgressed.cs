using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>A step of the data checks started.</summary>
/// <param name="Step">What is being checked, e.g. "looking for duplicates".</param>
public sealed record DataCheckProgressed(string Step) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Inspecting;

    /// <inheritdoc/>
    public override string Describe() => Step;
}
