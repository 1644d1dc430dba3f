using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Packaging;

namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// A segmentation network's engine timed on images of its tile size: the pass a server runs per batch (padding, batching,
/// the forward pass) and the argmax of every pixel. Timing at the tile size measures what the network costs per
/// pixel; a larger image costs about its pixel count over the tile's times as much.
/// </summary>
internal sealed class SegmenterTiming(ISegmentationEngine engine, byte[][] images, ImageShape shape) : ITimedEngine
{
    private readonly byte[] _labels = new byte[shape.Height * shape.Width];

    public InferenceBackend Backend => engine.Backend;

    /// <summary>The engine of <paramref name="backend"/> on <paramref name="threads"/> threads for <paramref name="package"/>'s network.</summary>
    public static SegmenterTiming Open(PackageContents package, InferenceBackend backend, int threads, byte[][] images)
    {
        ArgumentNullException.ThrowIfNull(package);
        ISegmentationEngine engine = backend == InferenceBackend.Onnx ? new OnnxSegmentationEngine(package, threads) : TorchSegmentationEngine.Load(package, threads);
        return new(engine, images, package.Manifest.Input);
    }

    public void Run(int count) =>
        PixelLogits.Run(engine, [.. images.Take(count).Select(i => (i, shape.Width, shape.Height))], (_, rows) => rows.ArgMax(_labels.AsSpan(rows.Top * rows.Width, rows.Pixels)));

    public void Dispose() => engine.Dispose();
}
