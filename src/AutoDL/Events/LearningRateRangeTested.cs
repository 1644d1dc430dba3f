using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>A learning-rate range test ran; its suggestion centres the search's learning rates.</summary>
/// <param name="MinimumLossRate">The rate at the lowest smoothed loss.</param>
/// <param name="Steps">Steps the test took.</param>
/// <param name="Suggested">The suggested peak rate.</param>
public sealed record LearningRateRangeTested(double MinimumLossRate, int Steps, double Suggested) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Calibrating;

    /// <inheritdoc/>
    public override string Describe() => Text($"learning-rate range test: lowest loss at {MinimumLossRate:G3} over {Steps} steps, so the search centres its AdamW rates on {Suggested:G3}");
}
