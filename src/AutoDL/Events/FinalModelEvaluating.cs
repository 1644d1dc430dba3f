using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The final model is being evaluated on the test split.</summary>
/// <param name="Model">Which trials it holds, and whether it mirrors.</param>
/// <param name="TestExamples">Examples of the test split.</param>
public sealed record FinalModelEvaluating(string Model, int TestExamples) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Finishing;

    /// <inheritdoc/>
    public override string Describe() => Text($"evaluating the final model ({Model}) on {TestExamples:N0} test examples");
}
