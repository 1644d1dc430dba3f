using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>Averaging the best model with the runner-up was scored on validation, and kept or not.</summary>
/// <param name="Metric">The validation metric.</param>
/// <param name="BestTrial">The best trial.</param>
/// <param name="BestAlone">Its score alone.</param>
/// <param name="RunnerUpTrial">The runner-up's trial.</param>
/// <param name="RunnerUpAlone">The runner-up's score alone.</param>
/// <param name="Averaged">The average's score.</param>
/// <param name="Used">Whether the final model averages them.</param>
public sealed record EnsembleWeighed(string Metric, int BestTrial, double BestAlone, int RunnerUpTrial, double RunnerUpAlone, double Averaged, bool Used) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Finishing;

    /// <inheritdoc/>
    public override string Describe() => Text($"ensemble: validation {Label(Metric)} {BestAlone:0.0000} for trial {BestTrial} alone, {Averaged:0.0000} averaged with trial {RunnerUpTrial} ({RunnerUpAlone:0.0000} alone); {(Used ? "averaged" : "not used")}");
}
