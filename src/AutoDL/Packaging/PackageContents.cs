namespace AutoDL.Packaging;

/// <summary>What a model package holds, checked against its manifest's checksums.</summary>
/// <param name="Path">The package file it was read from.</param>
/// <param name="Manifest">The manifest.</param>
/// <param name="Weights">The main network's weights in TorchSharp's format.</param>
/// <param name="Onnx">The exported ONNX model, preprocessing included; null in packages written without one (during a search).</param>
public sealed record PackageContents(string Path, PackageManifest Manifest, byte[] Weights, byte[]? Onnx)
{
    /// <summary>The weights of the manifest's <see cref="PackageManifest.Ensemble"/> members, in its order.</summary>
    public IReadOnlyList<byte[]> EnsembleWeights { get; init; } = [];
}
