using System.Globalization;
using System.Text.Json.Serialization;
using AutoDL.Search;

namespace AutoDL.Events;

/// <summary>A trial ended: completed, pruned or failed, with why.</summary>
/// <param name="Trial">Its number.</param>
/// <param name="State">How it ended.</param>
/// <param name="Metric">The validation metric.</param>
/// <param name="Value">Its best validation value, or null when no epoch finished.</param>
/// <param name="Epochs">Epochs it reported.</param>
/// <param name="Seconds">How long it ran.</param>
/// <param name="Note">Why it ended, and what was changed to fit the time.</param>
public sealed record TrialEnded(int Trial, TrialState State, string Metric, double? Value, int Epochs, double Seconds, string? Note) : FitEvent, ITrialEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.TrialEnded;

    /// <inheritdoc/>
    public override string Describe() => Text($"trial {Trial} {State.ToString().ToLowerInvariant()}: validation {Label(Metric)} {Value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-"} after {Epochs} epochs in {Seconds:0}s ({Note})");
}
