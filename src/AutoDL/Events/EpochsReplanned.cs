using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>
/// A trial planned to fill a stretch of time (the first look or a default) found its epochs cost other than measured
/// before it started, and now trains as many as fit that time; its learning-rate schedule was stretched or shrunk to match.
/// </summary>
/// <param name="Trial">The trial.</param>
/// <param name="Epoch">Epochs done when it was re-planned.</param>
/// <param name="Epochs">Epochs it now trains in all.</param>
/// <param name="PreviousEpochs">Epochs it was to train.</param>
/// <param name="EpochSeconds">Mean seconds its epochs after the first took, validation included.</param>
/// <param name="PlannedEpochSeconds">Seconds an epoch was expected to take when it was planned.</param>
public sealed record EpochsReplanned(int Trial, int Epoch, int Epochs, int PreviousEpochs, double EpochSeconds, double PlannedEpochSeconds) : FitEvent, ITrialEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Planning;

    /// <inheritdoc/>
    public override string Describe() =>
        Text($"trial {Trial}: {Epochs} epochs instead of {PreviousEpochs}, since its epochs take {EpochSeconds:0.0}s, not the {PlannedEpochSeconds:0.0}s measured before it started");
}
