using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The classes are imbalanced, so the search selects on balanced accuracy and tries class weighting.</summary>
/// <param name="Largest">Training examples of the largest class.</param>
/// <param name="Smallest">Training examples of the smallest class.</param>
public sealed record ClassesImbalanced(int Largest, int Smallest) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Inspecting;

    /// <inheritdoc/>
    public override string Describe() => Text($"classes are imbalanced ({Largest:N0} to {Smallest:N0} training images): the search selects on balanced accuracy and tries class weighting");
}
