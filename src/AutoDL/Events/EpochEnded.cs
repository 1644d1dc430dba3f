using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>A trial finished an epoch and validated.</summary>
/// <param name="Trial">The trial.</param>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Planned">Epochs planned for the trial.</param>
/// <param name="Metric">The validation metric.</param>
/// <param name="ValidationScore">Its value after this epoch.</param>
/// <param name="TrainLoss">The epoch's mean training loss.</param>
/// <param name="Seconds">The epoch's duration.</param>
public sealed record EpochEnded(int Trial, int Epoch, int Planned, string Metric, double ValidationScore, double TrainLoss, double Seconds) : FitEvent, ITrialEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Epoch;

    /// <inheritdoc/>
    public override string Describe() => Text($"trial {Trial} epoch {Epoch}/{Planned}: validation {Label(Metric)} {ValidationScore:0.0000}, loss {TrainLoss:0.000}, {Seconds:0.0}s");
}
