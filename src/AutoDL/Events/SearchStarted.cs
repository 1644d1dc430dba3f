using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The search starts: its portfolio first, raced by successive halving, then the sampler's proposals.</summary>
/// <param name="PortfolioSize">Portfolio configurations still to race (none where the task has no portfolio, or a resumed study raced them all).</param>
/// <param name="SecondsLeft">Training seconds left.</param>
public sealed record SearchStarted(int PortfolioSize, double SecondsLeft) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Planning;

    /// <inheritdoc/>
    public override string Describe() => PortfolioSize > 0
        ? Text($"search: {SecondsLeft:0}s left; {PortfolioSize} portfolio configuration(s) first, raced by successive halving, then the sampler proposes")
        : Text($"search: {SecondsLeft:0}s left; the sampler proposes");
}
