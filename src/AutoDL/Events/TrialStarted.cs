using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>A trial of the study started.</summary>
/// <param name="Trial">Its number.</param>
/// <param name="Configuration">Its configuration as name=value pairs.</param>
public sealed record TrialStarted(int Trial, string Configuration) : FitEvent, ITrialEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.TrialStarted;

    /// <inheritdoc/>
    public override string Describe() => $"trial {Trial}: {Configuration}";
}
