namespace AutoDL.Inference;

/// <summary>How closely ONNX Runtime reproduces libtorch on the same images (<see cref="BackendComparison.Compare"/>).</summary>
/// <param name="Images">Images compared.</param>
/// <param name="MaxProbabilityDifference">The largest absolute difference of any class probability of any image.</param>
/// <param name="LabelsDiffering">Images whose most probable class differs between the two.</param>
public sealed record BackendAgreement(int Images, double MaxProbabilityDifference, int LabelsDiffering)
{
    /// <summary>
    /// The largest difference of any embedding feature, over the largest feature (classifiers whose ONNX graph gives an
    /// embedding); null where either engine gives none.
    /// </summary>
    public double? MaxEmbeddingDifference { get; init; }
}
