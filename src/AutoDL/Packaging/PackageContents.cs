namespace AutoDL.Packaging;

/// <summary>What a model package holds, checked against its manifest's checksums.</summary>
/// <param name="Path">The package file it was read from.</param>
/// <param name="Manifest">The manifest.</param>
/// <param name="Weights">The network's weights in TorchSharp's format.</param>
/// <param name="Onnx">The exported ONNX model, preprocessing included; null in packages written without one (during a search).</param>
public sealed record PackageContents(string Path, PackageManifest Manifest, byte[] Weights, byte[]? Onnx);
