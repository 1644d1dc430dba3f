using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>Averaging each prediction with its mirror's was scored on validation, and kept or not.</summary>
/// <param name="Metric">The validation metric.</param>
/// <param name="Without">The score without mirrors.</param>
/// <param name="With">The score averaged with mirrors.</param>
/// <param name="Used">Whether predictions average both.</param>
public sealed record TestTimeFlipWeighed(string Metric, double Without, double With, bool Used) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Finishing;

    /// <inheritdoc/>
    public override string Describe() => Text($"test-time flip: validation {Label(Metric)} {Without:0.0000} alone, {With:0.0000} averaged with mirrored images; {(Used ? "predictions average both" : "not used")}");
}
