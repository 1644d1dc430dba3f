using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>A batch size calibration will not consider.</summary>
/// <param name="BatchSize">The batch size.</param>
/// <param name="Reason">Why (memory, a native error).</param>
public sealed record BatchSizeLeftOut(int BatchSize, string Reason) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Calibrating;

    /// <inheritdoc/>
    public override string Describe() => $"batch size {BatchSize} left out: {Reason}";
}
