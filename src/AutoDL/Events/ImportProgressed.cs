using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>Files of the data read so far.</summary>
/// <param name="Step">What is being done: "scanning", "reading headers", "decoding".</param>
/// <param name="Done">Files done.</param>
/// <param name="Total">Files in all.</param>
public sealed record ImportProgressed(string Step, int Done, int Total) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Importing;

    /// <inheritdoc/>
    public override string Describe() => $"{Step} {Done}/{Total}";
}
