using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>Batches of the current epoch done (not logged: epochs say it).</summary>
/// <param name="Trial">The trial.</param>
/// <param name="Done">Batches done.</param>
/// <param name="Total">Batches in the epoch.</param>
public sealed record BatchProgressed(int Trial, int Done, int Total) : FitEvent, ITrialEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Batch;

    /// <inheritdoc/>
    public override string Describe() => "";
}
