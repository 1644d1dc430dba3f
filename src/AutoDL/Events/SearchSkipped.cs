using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The search did not start: the time the defaults left cannot train a search trial far enough to matter.</summary>
/// <param name="SecondsLeft">Training seconds left after the defaults.</param>
/// <param name="TrialSeconds">Seconds the cheapest network needs for as many epochs as a default gets.</param>
/// <param name="Epochs">Those epochs.</param>
public sealed record SearchSkipped(double SecondsLeft, double TrialSeconds, int Epochs) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Planning;

    /// <inheritdoc/>
    public override string Describe() =>
        Text($"no search: the {SecondsLeft:0}s left cannot train even the cheapest network {Epochs} epochs (~{TrialSeconds:0}s), as far as a default is trained; training ends here");
}
