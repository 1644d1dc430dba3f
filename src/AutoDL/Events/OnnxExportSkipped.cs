using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>The package is written without its ONNX model; `autodl export` says why.</summary>
/// <param name="Reason">What the exporter could not do.</param>
public sealed record OnnxExportSkipped(string Reason) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Finishing;

    /// <inheritdoc/>
    public override string Describe() => $"the package is written without model.onnx: {Reason}";
}
