using System.Text.Json.Serialization;
using AutoDL.Data.Quality;

namespace AutoDL.Events;

/// <summary>Examples the checks left out of training, and where they are listed.</summary>
/// <param name="Reason">Why they were left out.</param>
/// <param name="Count">How many.</param>
/// <param name="ListedIn">The file that lists them (excluded.csv).</param>
public sealed record ExamplesLeftOut(ExclusionReason Reason, int Count, string ListedIn) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Inspecting;

    /// <inheritdoc/>
    public override string Describe() => Text($"left out {Count:N0} example(s): {Explain(Reason)} (listed in {ListedIn})");

    private static string Explain(ExclusionReason reason) => reason switch
    {
        ExclusionReason.Leakage => "copies of validation or test images (leakage)",
        ExclusionReason.RepeatedCopy => "repeated copies inside a split",
        ExclusionReason.ConflictingLabels => "images that appear under two labels",
        _ => "suspected label errors",
    };
}
