using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The final model's confidence was calibrated on the validation split by temperature scaling.</summary>
/// <param name="Temperature">The divisor of the logits fit chose.</param>
/// <param name="EceBefore">Validation expected calibration error (15 bins) without it.</param>
/// <param name="EceAfter">The same with it.</param>
/// <param name="NllBefore">Validation negative log-likelihood without it.</param>
/// <param name="NllAfter">The same with it.</param>
public sealed record ConfidenceCalibrated(double Temperature, double EceBefore, double EceAfter, double NllBefore, double NllAfter) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Finishing;

    /// <inheritdoc/>
    public override string Describe() => Text($"confidence calibrated: temperature {Temperature:0.000}; validation ECE {EceBefore:0.0000} → {EceAfter:0.0000}, NLL {NllBefore:0.0000} → {NllAfter:0.0000}");
}
