using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>report.html could not be written; the model and leaderboard are, and `autodl report DIR` can try again.</summary>
/// <param name="Reason">What went wrong.</param>
public sealed record RunReportSkipped(string Reason) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Finishing;

    /// <inheritdoc/>
    public override string Describe() => $"report.html not written: {Reason}";
}
