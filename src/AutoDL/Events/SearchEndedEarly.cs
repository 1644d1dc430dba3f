using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The search stopped before the time limit: none of its last proposals fit in the time left.</summary>
/// <param name="Proposals">Proposals in a row that did not fit.</param>
/// <param name="SecondsLeft">Training seconds left.</param>
public sealed record SearchEndedEarly(int Proposals, double SecondsLeft) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.TrialEnded;

    /// <inheritdoc/>
    public override string Describe() => Text($"search ends early: none of the last {Proposals} proposals fits in the {SecondsLeft:0}s left");
}
