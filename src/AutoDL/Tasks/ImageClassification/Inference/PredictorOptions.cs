using AutoDL.Packaging;

namespace AutoDL.Tasks.ImageClassification.Inference;

/// <summary>How <see cref="Predictor.Load(string, PredictorOptions?)"/> runs a model; unset values come from the package's <see cref="PackageManifest.Inference"/> settings, then <see cref="InferenceSettings.Default"/>.</summary>
public sealed record PredictorOptions
{
    /// <summary>The engine to use.</summary>
    public InferenceBackend? Backend { get; init; }

    /// <summary>Intra-op threads for one forward pass.</summary>
    public int? Threads { get; init; }
}
