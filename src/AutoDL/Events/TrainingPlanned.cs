using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>What fit chose to train next, and why: the budget policy's decisions, each before the trial it starts.</summary>
/// <param name="Role">The run's part in the plan: "first look", "quick default", "main default" or "only default".</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="ExamplesPerEpoch">Training examples per epoch when fewer than all (a short pass), else null.</param>
/// <param name="EpochSeconds">Measured seconds per epoch, validation included.</param>
/// <param name="SecondsLeft">Training seconds left when it was chosen.</param>
/// <param name="Reason">Why this network and these epochs.</param>
public sealed record TrainingPlanned(string Role, int Epochs, int? ExamplesPerEpoch, double EpochSeconds, double SecondsLeft, string Reason) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Planning;

    /// <inheritdoc/>
    public override string Describe()
    {
        string epochs = ExamplesPerEpoch is { } examples ? Text($"{Epochs} epoch(s) of {examples:N0} examples") : Text($"{Epochs} epoch(s)");
        return Text($"{Role}: {epochs}, ~{Epochs * EpochSeconds:0}s of the {SecondsLeft:0}s left: {Reason}");
    }
}
