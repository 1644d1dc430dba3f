using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Packaging;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>
/// A detector's engine timed on a set of images: the forward pass with its per-location decoding, then the shared
/// selection and suppression, which a server runs on every batch too.
/// </summary>
internal sealed class DetectorTiming(IDetectorEngine engine, ImageSet images) : ITimedEngine
{
    private readonly FcosDecoder _decoder = new();

    public InferenceBackend Backend => engine.Backend;

    /// <summary>The engine of <paramref name="backend"/> on <paramref name="threads"/> threads for <paramref name="package"/>'s detector.</summary>
    public static DetectorTiming Open(PackageContents package, InferenceBackend backend, int threads, byte[][] images)
    {
        var shape = package.Manifest.Input;
        var set = new ImageSet([.. images.SelectMany(i => i)], images.Length, shape);
        return new(backend == InferenceBackend.Onnx ? new OnnxDetectorEngine(package, threads) : new TorchDetectorEngine(package, threads), set);
    }

    public void Run(int count) => _decoder.Select(engine.Run(images, 0, count));

    public void Dispose() => engine.Dispose();
}
