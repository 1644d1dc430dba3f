using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The data the fit learns from, after the checks, by split.</summary>
/// <param name="Train">Training examples.</param>
/// <param name="Validation">Validation examples (selection).</param>
/// <param name="Test">Test examples (the final evaluation).</param>
/// <param name="Skipped">Files that could not be used.</param>
public sealed record DataSummarized(int Train, int Validation, int Test, int Skipped) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Inspecting;

    /// <inheritdoc/>
    public override string Describe() => Text($"data: {Train:N0} training, {Validation:N0} validation and {Test:N0} test examples{(Skipped > 0 ? $"; {Skipped:N0} files skipped" : "")}");
}
